'use strict';
// Caliper workload: CastBallot with a pre-encrypted ballot, the voter pseudonym and the channel in
// transient data (written by scripts/src/bench/caliper.ts; round arguments: ballotsFile,
// electionId, chaincode, mspId). Each worker takes every totalWorkers-th ballot, across rounds.
const fs = require('fs');
const { WorkloadModuleBase } = require('@hyperledger/caliper-core');

let ballots;
let used = 0;

class CastBallot extends WorkloadModuleBase {
  async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
    await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
    ballots = ballots || JSON.parse(fs.readFileSync(roundArguments.ballotsFile, 'utf8'));
  }

  async submitTransaction() {
    const i = this.workerIndex + this.totalWorkers * used++;
    const b = ballots[i];
    if (!b) throw new Error('out of ballots');
    await this.sutAdapter.sendRequests({
      contractId: this.roundArguments.chaincode,
      contractFunction: 'CastBallot',
      contractArguments: [this.roundArguments.electionId],
      transientMap: { ballot: Buffer.from(b.ballot, 'base64'), pseudonym: Buffer.from(b.pseudonym), channel: Buffer.from('web') },
      invokerIdentity: 'gateway',
      invokerMspId: this.roundArguments.mspId,
      readOnly: false,
    });
  }
}

module.exports.createWorkloadModule = () => new CastBallot();

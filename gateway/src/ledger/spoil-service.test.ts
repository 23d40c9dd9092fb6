import { randomBytes } from 'node:crypto';
import {
  credentialFromSecret,
  deterministicRng,
  encryptBallot,
  generateCredentialSecret,
  simulateElection,
  spoilBallot,
  type BallotContext,
} from '@ballotledger/core';
import { smallManifest } from '@ballotledger/core/testing/fixtures';
import type { Election } from '@ballotledger/chaincode';
import { expect } from 'chai';
import { ApiError } from '../errors.js';
import { Store } from '../storage/store.js';
import { SpoilLedgerModel } from '../testing/stub-ledger.js';
import { SpoilService } from './spoil-service.js';

const EID = 'e-spoil';

describe('SpoilService (Benaloh-challenged ballots on the ledger)', function () {
  this.timeout(60_000);
  const sim = simulateElection({ manifest: smallManifest(EID, 2, 3), ballots: 0, spoiled: 0, rng: deterministicRng('gateway-spoil') });
  const context: BallotContext = sim.context;
  const secrets = [generateCredentialSecret(), generateCredentialSecret()];
  let state: Election['state'];
  let store: Store;
  let ledger: SpoilLedgerModel;
  let service: SpoilService;

  beforeEach(() => {
    state = 'open';
    store = new Store({ path: ':memory:', piiKey: randomBytes(32) });
    store.credentials.addAll(
      EID,
      secrets.map((secret, i) => ({ voterId: `v${i + 1}`, credential: credentialFromSecret(EID, secret).publicCredential, pseudonym: randomBytes(32).toString('base64url'), secret })),
    );
    ledger = new SpoilLedgerModel();
    const election = (): Promise<Election> => Promise.resolve({ electionId: EID, state, manifest: context.manifest, ceremony: { jointKey: context.jointKey, electionBaseHash: context.electionBaseHash } } as Election);
    service = new SpoilService({ store, ledger, auditor: ledger, election, context: () => context });
  });

  const challenge = (secret = secrets[0]!): ReturnType<typeof spoilBallot> => spoilBallot(encryptBallot(context, [[1, 0, 0], [0, 1, 0]], secret));
  const refusal = (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'accepted',
      (e: unknown) => (e instanceof ApiError ? e.code : String(e)),
    );

  it('submits the spoiled ballot to the ledger, where any gateway finds it by its tracker', async () => {
    const s = challenge();
    const out = await service.spoil(EID, 'v1', s.ballot, s.reveal);
    expect(out).to.deep.equal({ tracker: s.tracker, txId: 'tx-1' });
    expect(await service.find(EID, s.tracker)).to.deep.equal({ v: 1, ballot: s.ballot, reveal: s.reveal });
    const otherGateway = new SpoilService({ store: new Store({ path: ':memory:', piiKey: randomBytes(32) }), ledger, auditor: ledger, election: () => Promise.reject(new Error('not needed')), context: () => context });
    expect((await otherGateway.find(EID, s.tracker)).ballot).to.deep.equal(s.ballot);
    expect(await refusal(service.find(EID, 'f'.repeat(64)))).to.equal('NotFound');
  });

  it('answers a retry of a committed spoil with the same tracker and transaction', async () => {
    const s = challenge();
    const first = await service.spoil(EID, 'v1', s.ballot, s.reveal);
    expect(await service.spoil(EID, 'v1', s.ballot, s.reveal)).to.deep.equal(first);
    expect(ledger.spoiled.size).to.equal(1);
  });

  it('refuses a false reveal, another voter\'s ballot and a closed election before the ledger', async () => {
    const s = challenge();
    const lie = structuredClone(s.reveal);
    lie.contests[0]!.selections[0]!.value = 0;
    lie.contests[0]!.selections[1]!.value = 1;
    expect(await refusal(service.spoil(EID, 'v1', s.ballot, lie))).to.equal('InvalidBallot');
    expect(await refusal(service.spoil(EID, 'v2', s.ballot, s.reveal))).to.equal('InvalidBallot');
    expect(await refusal(service.spoil(EID, 'nobody', s.ballot, s.reveal))).to.equal('WrongState');
    state = 'closed';
    expect(await refusal(service.spoil(EID, 'v1', s.ballot, s.reveal))).to.equal('NotOpen');
    expect(ledger.submissions).to.equal(0);
  });

  it('passes the ledger\'s refusal of a ballot that was already cast on', async () => {
    const s = challenge(secrets[1]);
    ledger.cast.add(s.tracker);
    expect(await refusal(service.spoil(EID, 'v2', s.ballot, s.reveal))).to.equal('DuplicateBallot');
    expect(ledger.spoiled.size).to.equal(0);
  });
});

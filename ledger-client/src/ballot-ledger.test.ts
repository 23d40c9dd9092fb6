import { expect } from 'chai';
import type { Gateway } from '@hyperledger/fabric-gateway';
import { BallotLedger } from './ballot-ledger.js';
import type { LedgerConnection } from './connection.js';

/** A connection whose contract records each evaluate's options and answers `{}`. */
function recordingConnection(): { connection: LedgerConnection; calls: { name: string; options: unknown }[] } {
  const calls: { name: string; options: unknown }[] = [];
  const contract = {
    evaluate: (name: string, options: unknown) => {
      calls.push({ name, options });
      return Promise.resolve(new TextEncoder().encode('{"remaining":3}'));
    },
  };
  const gateway = { getNetwork: () => ({ getContract: () => contract, getName: () => 'elections' }) } as unknown as Gateway;
  return { connection: { gateway, identity: { mspId: 'BusanMSP', certificate: '' }, close: () => undefined }, calls };
}

const orgs = { own: 'BusanMSP', commissions: ['CentralMSP', 'SeoulMSP', 'BusanMSP'], observer: 'ObserverMSP' };

describe('BallotLedger reads', () => {
  it('with ownPeerOnly, every read targets the own organization (so Fabric\'s gateway cannot answer it from another org\'s peer)', async () => {
    const { connection, calls } = recordingConnection();
    const ledger = new BallotLedger(connection, { orgs, ownPeerOnly: true });
    expect(await ledger.turnoutRemaining('e1')).to.equal(3);
    expect(calls).to.deep.equal([{ name: 'TurnoutRemaining', options: { arguments: ['e1'], endorsingOrganizations: ['BusanMSP'] } }]);
  });

  it('without it, the Fabric gateway picks the peer (a voter\'s read may be answered by another org)', async () => {
    const { connection, calls } = recordingConnection();
    await new BallotLedger(connection, { orgs }).turnoutRemaining('e1');
    expect(calls).to.deep.equal([{ name: 'TurnoutRemaining', options: { arguments: ['e1'] } }]);
  });
});

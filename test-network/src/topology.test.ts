import { expect } from 'chai';
import { createTopology, getOrg, identityPaths, portTable, ORG_NAMES, commissions } from './topology.js';

describe('topology', () => {
  const t = createTopology({ stateDir: '/tmp/bl-state', portBase: 7000, hosts: {} });

  it('has the 3 commissions and the Observer with their MSP IDs', () => {
    expect(t.orgs.map((o) => o.mspId)).to.deep.equal(['CentralMSP', 'SeoulMSP', 'BusanMSP', 'ObserverMSP']);
    expect(commissions(t).map((o) => o.name)).to.deep.equal(['Central', 'Seoul', 'Busan']);
    expect(getOrg(t, 'observer').kind).to.equal('auditor');
    expect(getOrg(t, 'SeoulMSP').name).to.equal('Seoul');
    expect(() => getOrg(t, 'Daegu')).to.throw(/unknown org/);
  });

  it('gives every listening port once, inside each org\'s block', () => {
    const rows = portTable(t);
    expect(rows).to.have.length(ORG_NAMES.length * 9);
    expect(new Set(rows.map((r) => r.port)).size).to.equal(rows.length);
    for (const r of rows) {
      const i = ORG_NAMES.indexOf(r.org);
      expect(r.port).to.be.within(7000 + 1000 * i, 7000 + 1000 * i + 99);
    }
    const central = getOrg(t, 'Central');
    expect([central.orderer.port, central.peer.port, central.ca.port, central.chaincodeServer.port]).to.deep.equal([7050, 7051, 7054, 7055]);
    expect(getOrg(t, 'Observer').peer.port).to.equal(10051);
  });

  it('shifts every port with the port base', () => {
    const shifted = createTopology({ stateDir: '/tmp/x', portBase: 20000, hosts: {} });
    expect(portTable(shifted).map((r) => r.port - 13000)).to.deep.equal(portTable(t).map((r) => r.port));
    expect(() => createTopology({ stateDir: '/tmp/x', portBase: 64000 })).to.throw(/invalid port base/);
  });

  it('numbers the SmartBFT consenters 1..4', () => {
    expect(t.orgs.map((o) => o.orderer.consenterId)).to.deep.equal([1, 2, 3, 4]);
  });

  it('registers the node, admin, service and person identities with their role attributes', () => {
    const ids = getOrg(t, 'Busan').identities;
    const byName = new Map(ids.map((i) => [i.name, i]));
    expect(byName.get('peer0')).to.include({ type: 'peer', tls: true, ecert: true });
    expect(byName.get('orderer0')).to.include({ type: 'orderer', tls: true });
    expect(byName.get('orgadmin')).to.include({ type: 'admin', tls: true });
    expect(byName.get('gateway')).to.include({ type: 'client', role: 'gateway' });
    expect(byName.get('electionadmin')).to.include({ type: 'client', role: 'admin' });
    expect(byName.get('auditor')).to.include({ type: 'client', role: 'auditor' });
    expect(ids.filter((i) => i.role === 'keyholder').map((i) => i.name)).to.deep.equal(['keyholder1', 'keyholder2', 'keyholder3', 'keyholder4', 'keyholder5']);
    expect(byName.get('chaincode')).to.include({ ecert: false, tls: true });
    expect(byName.get('peer0')?.tlsHosts).to.include.members(['peer0.busan.ballotledger.test', '127.0.0.1']);
  });

  it('keeps all state under the state folder', () => {
    for (const o of t.orgs) {
      expect(o.paths.root.startsWith('/tmp/bl-state/')).to.equal(true);
      expect(identityPaths(o, 'gateway').cert).to.equal(`/tmp/bl-state/orgs/${o.slug}/identities/gateway/msp/signcerts/cert.pem`);
    }
    expect(t.paths.profile).to.equal('/tmp/bl-state/network.json');
  });

  it('accepts a host per org for multi-host layouts', () => {
    const m = createTopology({ stateDir: '/tmp/x', hosts: { Seoul: '10.0.0.2' } });
    expect(getOrg(m, 'Seoul').peer.host).to.equal('10.0.0.2');
    expect(getOrg(m, 'Seoul').identities.find((i) => i.name === 'peer0')?.tlsHosts).to.include('10.0.0.2');
    expect(getOrg(m, 'Central').peer.host).to.equal('127.0.0.1');
  });
});

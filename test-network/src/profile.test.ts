import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProfile, identityProfile, loadNetworkProfile, orgProfile, writeProfile } from './profile.js';
import { createTopology } from './topology.js';

describe('network profile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bl-profile-'));
  const t = createTopology({ stateDir: dir, portBase: 7000, hosts: {} });
  const p = buildProfile(t, ['turnout', 'ballots']);

  it('describes every org\'s CA, peer, orderer and chaincode server', () => {
    const c = orgProfile(p, 'Central');
    expect(c.ca).to.include({ url: 'https://127.0.0.1:7054', caName: 'ca-central', operationsUrl: 'http://127.0.0.1:7063' });
    expect(c.ca.registrar.enrollId).to.equal('admin');
    expect(c.ca.secretsFile).to.equal(join(dir, 'orgs/central/secrets.json'));
    expect(c.peer).to.include({ address: '127.0.0.1:7051', hostname: 'peer0.central.ballotledger.test', operationsUrl: 'http://127.0.0.1:7061' });
    expect(c.peer.tlsCaCertPath).to.equal(join(dir, 'orgs/central/ca/ca-cert.pem'));
    expect(c.orderer).to.include({ address: '127.0.0.1:7050', adminUrl: 'https://127.0.0.1:7053', consenterId: 1 });
    expect(c.chaincodeServer.address).to.equal('127.0.0.1:7055');
    expect(p.channel).to.equal('elections');
    expect(p.chaincode).to.deep.equal({ name: 'ballot', endorsementPolicy: '/Channel/Application/Endorsement', collections: ['turnout', 'ballots'] });
  });

  it('lists the identities with cert/key paths and role attributes', () => {
    const g = identityProfile(p, 'SeoulMSP', 'gateway');
    expect(g).to.include({ mspId: 'SeoulMSP', type: 'client', role: 'gateway' });
    expect(g.certPath).to.equal(join(dir, 'orgs/seoul/identities/gateway/msp/signcerts/cert.pem'));
    expect(g.keyPath).to.equal(join(dir, 'orgs/seoul/identities/gateway/msp/keystore/key.pem'));
    expect(identityProfile(p, 'Observer', 'auditor').role).to.equal('auditor');
    expect(identityProfile(p, 'Busan', 'keyholder5').role).to.equal('keyholder');
    expect(identityProfile(p, 'Busan', 'orgadmin')).to.include({ type: 'admin' }).and.to.have.property('tlsCertPath');
    expect(() => identityProfile(p, 'Busan', 'nobody')).to.throw(/unknown identity/);
  });

  it('round-trips through network.json and rejects other versions', () => {
    writeProfile(t, p);
    expect(loadNetworkProfile(t.paths.profile)).to.deep.equal(p);
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ ...p, version: 99 }));
    expect(() => loadNetworkProfile(other)).to.throw(/version/);
    expect(() => loadNetworkProfile(join(dir, 'missing.json'))).to.throw(/network:up/);
  });
});

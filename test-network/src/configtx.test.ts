import { expect } from 'chai';
import { join } from 'node:path';
import {
  bftFaultTolerance, buildCollectionsConfig, buildConfigtx, CHANNEL_PROFILE, deepMerge, loadCollectionSpecs, loadConfigtxBase,
  majority, orgPolicies, type JsonObject,
} from './configtx.js';
import { loadOverrides, ordererConfig, peerConfig } from './nodeconfig.js';
import { createTopology, getOrg } from './topology.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
describe('channel and collection configuration', () => {
  const t = createTopology({ stateDir: '/tmp/bl', portBase: 7000, hosts: {} });

  describe('collections', () => {
    const cfg = buildCollectionsConfig(t, loadCollectionSpecs());

    it('turnout: the three commissions only', () => {
      const turnout = cfg.find((c) => c.name === 'turnout')!;
      expect(turnout.policy).to.equal("OR('CentralMSP.member', 'SeoulMSP.member', 'BusanMSP.member')");
      expect(turnout).to.include({ requiredPeerCount: 0, maxPeerCount: 0, blockToLive: 0, memberOnlyRead: true, memberOnlyWrite: true });
    });

    it('ballots: the commissions and the Observer', () => {
      const ballots = cfg.find((c) => c.name === 'ballots')!;
      expect(ballots.policy).to.equal("OR('CentralMSP.member', 'SeoulMSP.member', 'BusanMSP.member', 'ObserverMSP.member')");
      expect(ballots).to.include({ requiredPeerCount: 0, maxPeerCount: 1, blockToLive: 0, memberOnlyRead: true, memberOnlyWrite: true });
    });

    it('rejects unknown member sets, duplicates and unmeetable peer counts', () => {
      const base = { requiredPeerCount: 0, maxPeerCount: 1, blockToLive: 0, memberOnlyRead: true, memberOnlyWrite: true };
      expect(() => buildCollectionsConfig(t, [{ ...base, name: 'x', members: 'everyone' as any }])).to.throw(/members/);
      expect(() => buildCollectionsConfig(t, [{ ...base, name: 'x', members: 'all' }, { ...base, name: 'x', members: 'all' }])).to.throw(/duplicate/);
      expect(() => buildCollectionsConfig(t, [{ ...base, name: 'x', members: 'commissions', requiredPeerCount: 3, maxPeerCount: 3 }])).to.throw(/cannot be met/);
    });
  });

  describe('configtx.yaml', () => {
    const doc = buildConfigtx(t, loadConfigtxBase(), { _lifecycle: '/Channel/Application/Writers' } as JsonObject) as any;
    const profile = doc.Profiles[CHANNEL_PROFILE];

    it('uses SmartBFT with V3_0 channel capability and one consenter per org', () => {
      expect(profile.Capabilities).to.deep.equal({ V3_0: true });
      expect(profile.Orderer.OrdererType).to.equal('BFT');
      expect(profile.Orderer.ConsenterMapping.map((c: any) => [c.ID, c.MSPID, c.Port])).to.deep.equal([
        [1, 'CentralMSP', 7050], [2, 'SeoulMSP', 8050], [3, 'BusanMSP', 9050], [4, 'ObserverMSP', 10050]]);
      expect(profile.Orderer.ConsenterMapping[0].Identity).to.equal('/tmp/bl/orgs/central/identities/orderer0/msp/signcerts/cert.pem');
      expect(profile.Orderer.ConsenterMapping[0].ServerTLSCert).to.equal('/tmp/bl/orgs/central/identities/orderer0/tls/cert.pem');
      expect(bftFaultTolerance(profile.Orderer.ConsenterMapping.length)).to.equal(1);
    });

    it('cuts a lone transaction within a fifth of a second', () => {
      expect(profile.Orderer.SmartBFT.RequestBatchMaxInterval).to.equal('200ms');
      expect(profile.Orderer.BatchSize.MaxMessageCount).to.be.at.most(500);
    });

    it('requires a majority of the orgs for endorsement and lifecycle', () => {
      expect(profile.Application.Policies.Endorsement).to.deep.equal({ Type: 'ImplicitMeta', Rule: 'MAJORITY Endorsement' });
      expect(profile.Application.Policies.LifecycleEndorsement).to.deep.equal({ Type: 'ImplicitMeta', Rule: 'MAJORITY Endorsement' });
      expect(majority(t.orgs.length)).to.equal(3);
      expect(profile.Application.Capabilities).to.deep.equal({ V2_5: true });
      expect(profile.Application.ACLs).to.deep.equal({ _lifecycle: '/Channel/Application/Writers' });
    });

    it('lists each org with its MSP, orderer endpoint, anchor peer and policies', () => {
      const seoul = profile.Application.Organizations.find((o: any) => o.ID === 'SeoulMSP');
      expect(seoul.MSPDir).to.equal('/tmp/bl/orgs/seoul/msp');
      expect(seoul.OrdererEndpoints).to.deep.equal(['127.0.0.1:8050']);
      expect(seoul.AnchorPeers).to.deep.equal([{ Host: '127.0.0.1', Port: 8051 }]);
      expect(seoul.Policies.Endorsement.Rule).to.equal("OR('SeoulMSP.peer')");
      expect(orgPolicies(loadConfigtxBase(), 'XMSP')).to.have.keys('Readers', 'Writers', 'Admins', 'Endorsement');
      expect(profile.Orderer.Organizations).to.have.length(4);
    });
  });

  describe('node configuration', () => {
    const sampleCore = { peer: { id: 'x', gossip: { bootstrap: 'a', useLeaderElection: true }, tls: { enabled: false } }, vm: { endpoint: 'unix:///var/run/docker.sock' }, chaincode: { keepalive: 0, externalBuilders: [] } };
    const org = getOrg(t, 'Busan');
    const core = peerConfig(sampleCore as JsonObject, loadOverrides('core'), org, '/opt/fabric/builders/ccaas') as any;

    it('peers run without Docker, with the ccaas builder and keepalive 0', () => {
      expect(core.vm.endpoint).to.equal('');
      expect(core.chaincode.keepalive).to.equal(0);
      expect(core.chaincode.externalBuilders).to.deep.equal([{ name: 'ccaas_builder', path: '/opt/fabric/builders/ccaas', propagateEnvironment: ['CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG'] }]);
      expect(core.ledger.state.stateDatabase).to.equal('goleveldb');
    });

    it('peers get over a silent or absent node in seconds: private data waits and the BFT block source switch (reliability.md R-07b, R-14b)', () => {
      expect(core.peer.gossip.pvtData.pullRetryThreshold).to.equal('10s');
      expect(core.peer.gossip.pvtData.reconcileSleepInterval).to.equal('15s');
      expect(core.peer.deliveryclient.blockCensorshipTimeoutKey).to.equal('10s');
    });

    it('peers listen on their topology ports with TLS and operations', () => {
      expect(core.peer.listenAddress).to.equal('127.0.0.1:9051');
      expect(core.peer.chaincodeListenAddress).to.equal('127.0.0.1:9052');
      expect(core.peer.gossip.externalEndpoint).to.equal('127.0.0.1:9051');
      expect(core.peer.gossip.useLeaderElection).to.equal(false);
      expect(core.peer.tls.enabled).to.equal(true);
      expect(core.operations.listenAddress).to.equal('127.0.0.1:9061');
      expect(core.peer.localMspId).to.equal('BusanMSP');
    });

    it('orderers use BFT-ready cluster TLS and a mutual-TLS admin endpoint', () => {
      const o = ordererConfig({ General: { ListenPort: 7050 } } as JsonObject, loadOverrides('orderer'), t, org) as any;
      expect(o.General.ListenPort).to.equal(9050);
      expect(o.General.BootstrapMethod).to.equal('none');
      expect(o.General.Cluster.ClientCertificate).to.equal('/tmp/bl/orgs/busan/identities/orderer0/tls/cert.pem');
      expect(o.Admin.ListenAddress).to.equal('127.0.0.1:9053');
      expect(o.Admin.TLS.ClientAuthRequired).to.equal(true);
      expect(o.ChannelParticipation.Enabled).to.equal(true);
      expect(o.Operations.ListenAddress).to.equal('127.0.0.1:9062');
      expect(o.Consensus.WALDir).to.equal(join(org.paths.ordererData, 'wal'));
    });
  });

  it('deepMerge merges objects and replaces arrays and scalars without mutating inputs', () => {
    const a = { x: { y: 1, z: [1, 2] }, k: 'a' };
    const out = deepMerge(a, { x: { z: [3] } }, { k: 'b', n: { m: 1 } });
    expect(out).to.deep.equal({ x: { y: 1, z: [3] }, k: 'b', n: { m: 1 } });
    expect(a).to.deep.equal({ x: { y: 1, z: [1, 2] }, k: 'a' });
  });
});

// Per-node core.yaml / orderer.yaml: the Fabric install's sample config, merged with
// network/*.overrides.yaml, merged with the values that depend on the topology.
import { join } from 'node:path';
import { deepMerge, loadYaml, NETWORK_DIR, type JsonObject } from './configtx.js';
import { identityPaths, type OrgTopology, type Topology } from './topology.js';

export const CCAAS_CONFIG_ENV = 'CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG';

export function loadOverrides(kind: 'core' | 'orderer'): JsonObject {
  return loadYaml(join(NETWORK_DIR, `${kind}.overrides.yaml`));
}

export function peerConfig(sample: JsonObject, overrides: JsonObject, org: OrgTopology, ccaasBuilderDir: string): JsonObject {
  const peer = identityPaths(org, 'peer0');
  const addr = `${org.peer.host}:${org.peer.port}`;
  return deepMerge(sample, overrides, {
    peer: {
      id: org.peer.id,
      listenAddress: `${org.peer.host}:${org.peer.port}`,
      address: addr,
      chaincodeListenAddress: `${org.peer.host}:${org.peer.chaincodePort}`,
      chaincodeAddress: `${org.peer.host}:${org.peer.chaincodePort}`,
      localMspId: org.mspId,
      mspConfigPath: peer.msp,
      fileSystemPath: org.paths.peerData,
      gossip: {
        bootstrap: addr,
        endpoint: addr,
        externalEndpoint: addr,
      },
      tls: {
        cert: { file: peer.tlsCert },
        key: { file: peer.tlsKey },
        rootcert: { file: org.paths.caCert },
        clientRootCAs: { files: [org.paths.caCert] },
      },
    },
    chaincode: {
      externalBuilders: [{ name: 'ccaas_builder', path: ccaasBuilderDir, propagateEnvironment: [CCAAS_CONFIG_ENV] }],
    },
    ledger: { snapshots: { rootDir: join(org.paths.peerData, 'snapshots') } },
    operations: { listenAddress: `${org.peer.host}:${org.peer.operationsPort}` },
  });
}

export function ordererConfig(sample: JsonObject, overrides: JsonObject, topology: Topology, org: OrgTopology): JsonObject {
  const o = identityPaths(org, 'orderer0');
  const allCas = topology.orgs.map((x) => x.paths.caCert);
  return deepMerge(sample, overrides, {
    General: {
      ListenAddress: org.orderer.host,
      ListenPort: org.orderer.port,
      TLS: { PrivateKey: o.tlsKey, Certificate: o.tlsCert, RootCAs: allCas, ClientRootCAs: allCas },
      Cluster: { ClientCertificate: o.tlsCert, ClientPrivateKey: o.tlsKey, RootCAs: allCas },
      LocalMSPDir: o.msp,
      LocalMSPID: org.mspId,
    },
    FileLedger: { Location: join(org.paths.ordererData, 'ledger') },
    Consensus: { WALDir: join(org.paths.ordererData, 'wal'), SnapDir: join(org.paths.ordererData, 'snap') },
    Operations: { ListenAddress: `${org.orderer.host}:${org.orderer.operationsPort}` },
    Admin: {
      ListenAddress: `${org.orderer.host}:${org.orderer.adminPort}`,
      TLS: { Certificate: o.tlsCert, PrivateKey: o.tlsKey, RootCAs: [org.paths.caCert], ClientRootCAs: [org.paths.caCert] },
    },
  });
}

/** Per-peer template values for the ccaas builder's connection.json (see chaincode.ts). */
export function ccaasBuilderConfig(org: OrgTopology, pem: { rootCert: string; clientCert: string; clientKey: string }): string {
  return JSON.stringify({
    address: `${org.chaincodeServer.host}:${org.chaincodeServer.port}`,
    root_cert: pem.rootCert,
    client_cert: pem.clientCert,
    client_key: pem.clientKey,
  });
}

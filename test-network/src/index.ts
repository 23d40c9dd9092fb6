// @ballotledger/test-network: a native 4-org Fabric v3.1.5 network (SmartBFT) for development
// and integration tests. See docs/network.md.
export * from './topology.js';
export {
  FabricUnavailableError, resolveFabricInstall, blockedBanner, parseBlockedStamp, cacheRoot,
  FABRIC_VERSION, FABRIC_CA_VERSION, type FabricInstall, type UnavailableReason, type BlockedStamp,
} from './fabric-home.js';
export {
  loadNetworkProfile, orgProfile, identityProfile, buildProfile, PROFILE_VERSION,
  type NetworkProfile, type OrgProfile, type IdentityProfile,
} from './profile.js';
export { newGatewayConnection, newGrpcClient, type GatewayConnection, type GatewayConnectionOptions } from './gateway.js';
export {
  compareLedgers, compareNetwork, compareAtCommonHeight, fetchPeerLedger, openPeerReader, qsccReader, formatComparison, digestBlock, blockHeaderHash,
  type ChainInfo, type PeerReader, type PeerAtHeight, type BlockDigest, type PeerLedger, type ComparisonResult, type ComparisonRow, type Mismatch, type CompareOptions, type FetchOptions,
} from './compare.js';
export { ChainVerifier, type ChainProgress, type ChainFault } from './chain-verifier.js';
export { chainedLedger, fakeReader } from './chain-fixtures.js';
export { ensureNetwork, ensureNetworkOrSkip, killNode, type EnsureResult, type EnsureOptions } from './ensure.js';
export { up, down, deploy, status, formatStatus, isNetworkHealthy, type NetworkStatus, type NodeStatus, type UpReport } from './network.js';
export { buildPackage, readDeployment, type Deployment, type DeployReport, type ChaincodePackage } from './chaincode.js';
export { buildConfigtx, buildCollectionsConfig, collectionMembers, loadCollectionSpecs, loadConfigtxBase, type CollectionConfig, type CollectionSpec } from './configtx.js';
export * from './faults.js';
export { auditState, formatStateAudit, type StateAuditResult } from './state-audit.js';
export { waitFor, WaitAborted, tail } from './proc.js';

/**
 * @ballotledger/ledger-client: the typed client of the `ballot` chaincode, shared by the gateway,
 * the integration tests and the benchmarks.
 */
export { BallotLedger, type BallotLedgerOptions, type CastEvent, type CastInput, type Committed, type PreparedTransaction, type TransactionStatus } from './ballot-ledger.js';
export type { LedgerOrgs } from './endorser-sets.js';
export { connectLedger, newPeerClient, type ConnectOptions, type LedgerConnection, type LedgerIdentity, type PeerEndpoint } from './connection.js';
export { CLIENT_ERROR_CODES, LedgerError, toLedgerError, type ClientErrorCode } from './ledger-error.js';
export { endorseOffline, proposeOffline, submitOffline, type OfflineProposal, type UnsignedStep } from './offline-signing.js';
export { allPages } from './pages.js';
export { auditBallots, formatBallotAudit, peerBallotHashes, type AuditedLedger, type BallotAuditResult, type PeerBallotAudit } from './ballot-audit.js';
export { electionRecordNdjson, exportElectionRecord, type RecordLedger } from './election-record.js';

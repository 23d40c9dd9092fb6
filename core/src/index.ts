// SPDX-License-Identifier: AGPL-3.0-or-later
/**
 * @module @ballotledger/core
 * The one public entry point of BallotLedger's verifiable ballot cryptography.
 * Isomorphic: runs unchanged in Node and the browser (no Node or DOM imports).
 */

/** Version of the protocol and of every wire object (`v`). */
export const CORE_VERSION = 1;

export { BallotLedgerError, ERROR_CODES, ensure, isBallotLedgerError, type ErrorCode } from './errors.js';
export { base64urlDecode, base64urlEncode } from './base64url.js';
export { canonicalBytes, canonicalJson, parseCanonical, type CanonicalValue } from './codec.js';
export { defaultRng, deterministicRng, type Rng } from './rng.js';
export {
  G,
  IDENTITY,
  ORDER,
  Point,
  decodePoint,
  decodeScalar,
  encodePoint,
  encodeScalar,
  hashToScalar,
  pointFromBytes,
  pointToBytes,
  randomScalar,
  scalarFromBytes,
  scalarToBytes,
} from './group.js';
export { DST, Transcript, type DomainTag } from './transcript.js';
export { batchWeights, verifyEquations, type Equation } from './batch.js';
export { msm } from './msm.js';
export * from './schemas.js';
export { parseWith } from './validate.js';
export { proveSchnorr, verifySchnorr } from './schnorr.js';
export { proveDleq, verifyDleq, type DleqStatement } from './chaum-pedersen.js';
export { disjunctiveEquations, proveDisjunctive, type LinearTerms } from './disjunctive-proof.js';
export { addCiphertexts, ciphertextEquals, decodeCiphertext, decryptToPoint, encodeCiphertext, encrypt, ZERO_CIPHERTEXT, type Ciphertext } from './elgamal.js';
export {
  choiceContest,
  contestConstraints,
  createManifest,
  manifestHash,
  manifestHashBytes,
  MAX_ALLOWED_VALUES,
  parseManifest,
  scaleContest,
  scoreContest,
  yesNoContest,
  type ContestConstraints,
  type OptionSpec,
} from './manifest.js';
export {
  CREDENTIAL_SECRET_BYTES,
  checkPublicCredentials,
  credentialFromSecret,
  generateCredentialSecret,
  publicCredentialList,
  signMessage,
  verifySignature,
  type CredentialKey,
} from './credential.js';
export { disableFastVerification, fastVerificationEnabled, initFastVerification, type FastVerificationOptions } from './accel.js';
export {
  ballotEquations,
  encryptBallotReference,
  verifyBallotReference,
  ballotSigningBytes,
  ballotTracker,
  checkChoices,
  encryptBallot,
  parseBallot,
  prepareBallotContext,
  shortTracker,
  spoilBallot,
  verifyBallot,
  verifySpoiledBallot,
  type BallotContext,
  type BallotSecrets,
  type EncryptedBallot,
  type EncryptionProgress,
  type PreparedBallotContext,
} from './ballot.js';
export { commitPolynomial, evaluateCommitments, evaluatePolynomial, lagrangeAtZero, randomPolynomial } from './polynomial.js';
export { eciesDecrypt, eciesDecryptWithSharedPoint, eciesEncrypt, type EciesCiphertext } from './ecies.js';
export {
  ceremonyParams,
  checkComplaint,
  checkRound1,
  checkRound2,
  complain,
  computeElectionBaseHash,
  finalizeCeremony,
  holderSecretShare,
  openShare,
  parseHolderState,
  receiveShares,
  round1,
  round2,
  verifyCeremony,
  type CeremonyParams,
  type ComplaintVerdict,
} from './key-ceremony.js';
export { DEFAULT_SCRYPT, openHolderState, sealHolderState, type ScryptParams } from './holder-backup.js';
export { aggregateBallots, combineAggregates, decodeTally, encodeTally, type DecodedTally } from './tally.js';
export { combineDecryptionShares, computeDecryptionShare, verifyDecryptionShare, type RejectedShare } from './decryption.js';
export { discreteLog } from './discrete-log.js';
export {
  BALLOTS_PER_BATCH,
  DEFAULT_CHUNK_SIZE,
  RECORD_CHECKS,
  splitElectionRecord,
  verifyBallotChunk,
  verifyBallotChunkReference,
  verifyElectionRecord,
  verifyElectionRecordStream,
  type BallotChunkResult,
  type BallotChunkTask,
  type ChunkRunner,
  type RecordCheck,
  type RecordCheckName,
  type RecordReport,
  type VerifyRecordOptions,
} from './verify-record.js';
export { chunkWorkerRunner, QUEUE_DEPTH, type ChunkWorker } from './chunk-workers.js';
export { UnreadableBallot } from './ballot-scan.js';
export { MAX_JSON_RECORD_BALLOTS, readStreamedRecord, type StreamedRecord } from './record-ndjson.js';
export { randomChoices, simulateElection, type SimulatedElection, type SimulationOptions } from './testing/simulate-election.js';
export { credentialBatchSummary, MAX_CREDENTIAL_BATCH, rollCommitment, shardDigitsFor, shardPrefixes, type CredentialBatchSummary } from './roll.js';
export { ORGANIZATION_TYPES, type OrganizationType } from './organizations.js';

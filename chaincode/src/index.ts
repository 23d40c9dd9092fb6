/** Entry point loaded by fabric-chaincode-node: the contracts of the `ballot` chaincode. */
import type { Contract } from 'fabric-contract-api';
import { BallotContract } from './ballot-contract.js';

export { BallotContract, CHAINCODE_VERSION } from './ballot-contract.js';
export { ChaincodeError, CHAINCODE_ERROR_CODES, isChaincodeErrorCode, parseChaincodeRefusal, type ChaincodeErrorCode, type ChaincodeRefusal } from './errors.js';
export type { Blackout } from './blackout.js';
export type { Receipt } from './cast-ballot.js';
export type { CeremonyTranscriptView, Review } from './ceremony.js';
export type { Election, ElectionDraft, ElectionStateName, HistoryEntry } from './election.js';
export type { CredentialBatchRecord } from './lifecycle.js';
export type { SpoiledEntry } from './spoil-ballot.js';
export type { Page } from './record.js';
export type { PublishedResult, TallyShard } from './tally.js';
export type { Application, ApplicationInput, ApplicationStatus, Organization } from './service-desk.js';
export const contracts: (typeof Contract)[] = [BallotContract];

/** Entry point loaded by fabric-chaincode-node: the contracts of the `ballot` chaincode. */
import type { Contract } from 'fabric-contract-api';
import { BallotContract } from './ballot-contract.js';

export { BallotContract } from './ballot-contract.js';
export { ChaincodeError, CHAINCODE_ERROR_CODES, errorCodeOf, type ChaincodeErrorCode } from './errors.js';
export const contracts: (typeof Contract)[] = [BallotContract];

// Entry point of the `ballot` chaincode (fabric-contract-api loads `contracts`).
import { ProbeContract } from './probe-contract.js';

export { ProbeContract };
export const contracts: unknown[] = [ProbeContract];

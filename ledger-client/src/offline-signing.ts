/**
 * Transactions signed elsewhere: a key holder's browser holds its Fabric enrollment key; this side
 * only builds, endorses and submits. Each step hands over the protobuf message itself, not just
 * its digest, so the signer can read what it signs (the web app checks the chaincode, function,
 * arguments and creator of the proposal, and that the transaction carries that proposal) and
 * hashes it itself. The relay never sees the key, so it cannot post ceremony messages or
 * decryption shares in a holder's name.
 *
 *   propose  → the Proposal message        → (holder checks, signs SHA-256 of it)
 *   endorse  → the transaction's Payload    → (holder checks, signs SHA-256 of it)
 *   submit   → the commit is awaited by `waitForCommit` with the relay's own identity
 */
import type { Gateway } from '@hyperledger/fabric-gateway';
import { gateway as gatewayProtos } from '@hyperledger/fabric-protos';
import { toLedgerError } from './ledger-error.js';

export interface UnsignedStep {
  /** Bytes to keep until the signature arrives (fabric-gateway's serialized proposal or transaction). */
  readonly bytes: Uint8Array;
  /** The message the holder signs: ECDSA P-256 (low-S, DER) over its SHA-256. */
  readonly message: Uint8Array;
}

export interface OfflineProposal extends UnsignedStep {
  readonly txId: string;
}

/** Builds an unsigned proposal for the holder's identity (the gateway must be connected without a signer). */
export function proposeOffline(gateway: Gateway, channel: string, chaincode: string, name: string, args: readonly string[]): OfflineProposal {
  const proposal = gateway.getNetwork(channel).getContract(chaincode).newProposal(name, { arguments: [...args] });
  const bytes = proposal.getBytes();
  const message = gatewayProtos.ProposedTransaction.deserializeBinary(bytes).getProposal()!.getProposalBytes_asU8();
  return { txId: proposal.getTransactionId(), bytes, message };
}

/** Endorses the signed proposal; returns the unsigned transaction and the chaincode's result. */
export async function endorseOffline(gateway: Gateway, proposal: Uint8Array, signature: Uint8Array): Promise<UnsignedStep & { result: Uint8Array }> {
  try {
    const transaction = await gateway.newSignedProposal(proposal, signature).endorse();
    const bytes = transaction.getBytes();
    const message = gatewayProtos.PreparedTransaction.deserializeBinary(bytes).getEnvelope()!.getPayload_asU8();
    return { bytes, message, result: transaction.getResult() };
  } catch (err) {
    throw toLedgerError(err);
  }
}

/** Sends the signed transaction to the orderers; returns its id (await the commit separately). */
export async function submitOffline(gateway: Gateway, transaction: Uint8Array, signature: Uint8Array): Promise<string> {
  const signed = gateway.newSignedTransaction(transaction, signature);
  try {
    await signed.submit();
    return signed.getTransactionId();
  } catch (err) {
    const e = toLedgerError(err);
    // BFT: orderers that already ordered it answer "request already processed" and the submit is
    // reported as failed (hyperledger/fabric#4415); it was submitted: the caller awaits the commit
    if (e.code === 'NotRecorded' && e.nodeMessages.some((m) => /request already processed/.test(m))) return signed.getTransactionId();
    throw e;
  }
}

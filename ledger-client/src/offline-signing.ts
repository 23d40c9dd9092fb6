/**
 * Transactions signed elsewhere: a key holder's browser holds its Fabric enrollment key and signs
 * the digests; this side only builds, endorses and submits. The relay never sees the key, so it
 * cannot post ceremony messages or decryption shares in a holder's name.
 *
 *   propose  → digest of the proposal  → (holder signs)
 *   endorse  → digest of the transaction → (holder signs)
 *   submit   → the commit is awaited by `waitForCommit` with the relay's own identity
 */
import type { Gateway } from '@hyperledger/fabric-gateway';
import { toLedgerError } from './ledger-error.js';

export interface UnsignedStep {
  /** Bytes to keep until the signature arrives. */
  readonly bytes: Uint8Array;
  /** SHA-256 digest the holder signs (ECDSA P-256, low-S, DER). */
  readonly digest: Uint8Array;
}

export interface OfflineProposal extends UnsignedStep {
  readonly txId: string;
}

/** Builds an unsigned proposal for the holder's identity (the gateway must be connected without a signer). */
export function proposeOffline(gateway: Gateway, channel: string, chaincode: string, name: string, args: readonly string[]): OfflineProposal {
  const proposal = gateway.getNetwork(channel).getContract(chaincode).newProposal(name, { arguments: [...args] });
  return { txId: proposal.getTransactionId(), bytes: proposal.getBytes(), digest: proposal.getDigest() };
}

/** Endorses the signed proposal; returns the unsigned transaction and the chaincode's result. */
export async function endorseOffline(gateway: Gateway, proposal: Uint8Array, signature: Uint8Array): Promise<UnsignedStep & { result: Uint8Array }> {
  try {
    const transaction = await gateway.newSignedProposal(proposal, signature).endorse();
    return { bytes: transaction.getBytes(), digest: transaction.getDigest(), result: transaction.getResult() };
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

// The key-holder relay of the mocked gateway: real Fabric messages, so the browser's checks
// (web/src/keyholder/fabric-tx.ts) read what the real relay sends. The proposal comes from
// ledger-client's proposeOffline (what the gateway runs) over a fabric-gateway connection that
// never dials; the endorsed transaction's payload is put together as Fabric's gateway does it
// (ledger-client's testing/endorsed-payload, also the gateway's fake peer).
// `tamper` plays a compromised gateway.
import { canonicalJson } from '@ballotledger/core';
import { proposeOffline } from '@ballotledger/ledger-client';
import { endorsedPayload } from '@ballotledger/ledger-client/testing/endorsed-payload';
import * as grpc from '@grpc/grpc-js';
import { connect } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { p256 } from '@noble/curves/nist.js';
import { createHash } from 'node:crypto';

/** What a compromised gateway does: `proposal`: builds it with other contents; `transaction`: endorses another invocation. */
export type RelayTamper = 'proposal' | 'transaction';

interface PendingTx {
  readonly name: string;
  readonly payload: unknown;
  /** The message the holder signs next (SHA-256 of it). */
  message: Uint8Array;
  readonly proposal: Uint8Array;
  step: 'proposal' | 'endorsed';
}

const sha256 = (...parts: Uint8Array[]): Buffer => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

export class MockRelay {
  readonly #txs = new Map<string, PendingTx>();
  readonly #tamper: RelayTamper | undefined;

  constructor(tamper?: RelayTamper) {
    this.#tamper = tamper;
  }

  /** Step 1: the Proposal message for the holder (mspId, certificate) to sign. */
  propose(mspId: string, certificate: string, electionId: string, name: string, payload: unknown): { id: string; txId: string; proposal: string } {
    const client = new grpc.Client('127.0.0.1:1', grpc.credentials.createInsecure());
    const gateway = connect({ client, identity: { mspId, credentials: Buffer.from(certificate) } });
    try {
      const sent = this.#tamper === 'proposal' && typeof payload === 'object' && payload !== null ? { ...payload, complaints: [] } : payload;
      const proposal = proposeOffline(gateway, 'elections', 'ballot', name, [electionId, canonicalJson(sent)]);
      const id = `tx${this.#txs.size + 1}`;
      this.#txs.set(id, { name, payload, message: proposal.message, proposal: proposal.message, step: 'proposal' });
      return { id, txId: proposal.txId, proposal: Buffer.from(proposal.message).toString('base64') };
    } finally {
      gateway.close();
      client.close();
    }
  }

  /**
   * Steps 2 and 3: checks the holder's signature over the pending message; after the proposal
   * answers with the transaction payload to sign, after the transaction with the posted tx.
   */
  sign(id: string, signature: Uint8Array, publicKey: Uint8Array): { ok: false; status: number; code: string } | { ok: true; transaction: string } | { ok: true; posted: { name: string; payload: unknown } } {
    const tx = this.#txs.get(id);
    if (tx === undefined) return { ok: false, status: 404, code: 'NotFound' };
    if (!p256.verify(signature, sha256(tx.message), publicKey, { prehash: false, lowS: true, format: 'der' })) return { ok: false, status: 422, code: 'InvalidSignature' };
    if (tx.step === 'proposal') {
      const other = this.#tamper === 'transaction' ? peer.Proposal.deserializeBinary(tx.proposal).getPayload_asU8().map((b, i, a) => (i === a.length - 2 ? b ^ 1 : b)) : undefined;
      tx.message = endorsedPayload(tx.proposal, Buffer.from(JSON.stringify({ ok: true })), other);
      tx.step = 'endorsed';
      return { ok: true, transaction: Buffer.from(tx.message).toString('base64') };
    }
    this.#txs.delete(id);
    return { ok: true, posted: { name: tx.name, payload: tx.payload } };
  }
}

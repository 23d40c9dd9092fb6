/**
 * The key holders' relay. A key holder keeps its Fabric enrollment key in its browser: it logs in
 * by signing a challenge with it, and every ceremony message or decryption share is a Fabric
 * transaction the browser signs: the gateway sends the proposal message, then the endorsed
 * transaction's payload, and the browser reads each (chaincode, function, arguments, creator; the
 * same proposal inside the transaction) before it hashes and signs it. The gateway builds,
 * endorses and submits, and never holds the key: it cannot post in a holder's name, nor get a
 * holder to sign something other than what the holder's screen shows.
 *
 * @module
 */
import { randomBytes, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '@ballotledger/core';
import { endorseOffline, proposeOffline, submitOffline, type LedgerConnection } from '@ballotledger/ledger-client';
import { identityProfile } from '@ballotledger/test-network';
import { ApiError } from '../errors.js';
import type { FabricAccess } from './fabric-access.js';
import { apiErrorOf } from './ledger-errors.js';

export const KEYHOLDER_TRANSACTIONS = ['PostCeremonyRound1', 'PostCeremonyRound2', 'PostCeremonyReview', 'SubmitDecryptionShare'] as const;
export type KeyholderTransaction = (typeof KEYHOLDER_TRANSACTIONS)[number];

export interface KeyholderIdentity {
  readonly mspId: string;
  readonly enrollmentId: string;
  readonly certificate: string;
}

interface RelayedTx {
  readonly owner: string;
  readonly identity: KeyholderIdentity;
  readonly connection: LedgerConnection;
  readonly txId: string;
  proposal: Uint8Array;
  transaction: Uint8Array | undefined;
  readonly expiresAt: number;
}

const CHALLENGE_TTL_MS = 120_000;
const TX_TTL_MS = 300_000;
const ROLE_EXTENSION = /\{"attrs":\{[^}]*\}\}/;

/** The `role` attribute fabric-ca put into an enrollment certificate (extension 1.2.3.4.5.6.7.8.1). */
export function roleOf(cert: X509Certificate): string | undefined {
  const match = ROLE_EXTENSION.exec(cert.raw.toString('latin1'));
  if (!match) return undefined;
  try {
    return (JSON.parse(match[0]) as { attrs: Record<string, string> }).attrs['role'];
  } catch {
    return undefined;
  }
}

export class KeyholderRelay {
  readonly #fabric: FabricAccess;
  readonly #challenges = new Map<string, number>();
  readonly #txs = new Map<string, RelayedTx>();
  readonly #roots: { mspId: string; ca: X509Certificate }[];

  constructor(fabric: FabricAccess) {
    this.#fabric = fabric;
    this.#roots = fabric.profile.orgs.map((o) => {
      const mspPath = identityProfile(fabric.profile, o.name, 'auditor').mspPath;
      if (!mspPath) throw new Error(`no MSP folder for ${o.name}`);
      return { mspId: o.mspId, ca: new X509Certificate(readFileSync(join(mspPath, 'cacerts', 'ca.pem'))) };
    });
  }

  challenge(now = Date.now()): string {
    for (const [c, exp] of this.#challenges) if (exp < now) this.#challenges.delete(c);
    const challenge = randomBytes(32).toString('base64url');
    this.#challenges.set(challenge, now + CHALLENGE_TTL_MS);
    return challenge;
  }

  /** Checks a signed challenge: a certificate of one of the network's CAs, role keyholder, a valid signature. */
  login(challenge: string, certificatePem: string, signature: Uint8Array, now = Date.now()): KeyholderIdentity {
    const expires = this.#challenges.get(challenge);
    this.#challenges.delete(challenge);
    if (expires === undefined || expires < now) throw new ApiError('Unauthorized', 'The login challenge is unknown or expired; ask for a new one.');
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(certificatePem);
    } catch {
      throw new ApiError('Unauthorized', 'That is not a certificate.');
    }
    const root = this.#roots.find((r) => cert.checkIssued(r.ca) && cert.verify(r.ca.publicKey));
    if (!root) throw new ApiError('Unauthorized', 'The certificate was not issued by a CA of this network.');
    if (Date.parse(cert.validTo) < now || Date.parse(cert.validFrom) > now) throw new ApiError('Unauthorized', 'The certificate is not valid now.');
    if (roleOf(cert) !== 'keyholder') throw new ApiError('Forbidden', 'This certificate does not belong to a key holder.');
    if (!verify('sha256', Buffer.from(challenge), cert.publicKey, signature)) throw new ApiError('Unauthorized', 'The challenge signature does not verify.');
    const enrollmentId = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1] ?? '';
    return { mspId: root.mspId, enrollmentId, certificate: certificatePem };
  }

  #sweep(now: number): void {
    for (const [id, tx] of this.#txs) {
      if (tx.expiresAt < now) {
        tx.connection.close();
        this.#txs.delete(id);
      }
    }
  }

  /** Step 1: the unsigned proposal; the browser checks and signs `proposal` (base64 of the Proposal message). */
  propose(owner: string, identity: KeyholderIdentity, electionId: string, name: KeyholderTransaction, payload: unknown, now = Date.now()): { id: string; txId: string; proposal: string } {
    this.#sweep(now);
    const connection = this.#fabric.relay(identity.mspId, identity.certificate);
    const { profile } = this.#fabric;
    const proposal = proposeOffline(connection.gateway, profile.channel, profile.chaincode.name, name, [electionId, canonicalJson(payload)]);
    const id = randomBytes(16).toString('base64url');
    this.#txs.set(id, { owner, identity, connection, txId: proposal.txId, proposal: proposal.bytes, transaction: undefined, expiresAt: now + TX_TTL_MS });
    return { id, txId: proposal.txId, proposal: Buffer.from(proposal.message).toString('base64') };
  }

  #tx(owner: string, id: string): RelayedTx {
    const tx = this.#txs.get(id);
    if (!tx || tx.owner !== owner) throw new ApiError('NotFound', 'No such transaction in progress; start again.');
    return tx;
  }

  /** Step 2: endorsement of the signed proposal; the browser checks and signs `transaction` (base64 of the envelope's Payload). */
  async endorse(owner: string, id: string, signature: Uint8Array): Promise<{ transaction: string; result: unknown }> {
    const tx = this.#tx(owner, id);
    try {
      const endorsed = await endorseOffline(tx.connection.gateway, tx.proposal, signature);
      tx.transaction = endorsed.bytes;
      return { transaction: Buffer.from(endorsed.message).toString('base64'), result: JSON.parse(Buffer.from(endorsed.result).toString('utf8')) as unknown };
    } catch (err) {
      this.#drop(id);
      throw apiErrorOf(err);
    }
  }

  /** Step 3: submits the signed transaction and waits until the chain has it. */
  async submit(owner: string, id: string, signature: Uint8Array): Promise<{ txId: string; blockNumber: number; status: string }> {
    const tx = this.#tx(owner, id);
    if (!tx.transaction) throw new ApiError('WrongState', 'Endorse the transaction before submitting it.');
    try {
      await submitOffline(tx.connection.gateway, tx.transaction, signature);
      for (let i = 0; i < 120; i++) {
        const status = await this.#fabric.auditor.transactionStatus(tx.txId);
        if (status.code !== null) {
          if (status.code !== 'VALID') throw new ApiError('NotRecorded', `The transaction was not recorded (${status.code}); start again.`);
          return { txId: tx.txId, blockNumber: status.blockNumber ?? -1, status: status.code };
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new ApiError('NotRecorded', 'The transaction was not confirmed in time; check the ceremony status before retrying.');
    } catch (err) {
      throw apiErrorOf(err);
    } finally {
      this.#drop(id);
    }
  }

  #drop(id: string): void {
    this.#txs.get(id)?.connection.close();
    this.#txs.delete(id);
  }

  close(): void {
    for (const id of [...this.#txs.keys()]) this.#drop(id);
  }
}

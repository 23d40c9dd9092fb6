/**
 * The key holders' API. A key holder signs in by signing a challenge with its Fabric enrollment
 * key (in its browser); each ceremony message or decryption share is a Fabric transaction the
 * browser signs twice (proposal, then transaction) while the gateway only builds and relays it.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { KEYHOLDER_TRANSACTIONS } from '../ledger/keyholder-relay.js';
import { onLedger } from '../ledger/ledger-errors.js';
import type { LedgerServices } from '../ledger/ledger-services.js';
import type { StaffPrincipal } from '../security/roles.js';
import type { Services } from '../services.js';
import { CeremonyOut } from './ledger-schemas.js';
import { ElectionId, ElectionParams } from './schemas.js';

const Base64 = z.string().regex(/^[A-Za-z0-9+/=_-]{8,4096}$/);

/** The key holder's Fabric identity is kept in the session data at login. */
interface HolderSessionData {
  readonly mspId: string;
  readonly enrollmentId: string;
  readonly certificate: string;
}

export function keyholderRoutes(svc: Services, ledger: LedgerServices): RouteDefinition[] {
  const holderOf = (p: unknown): { owner: string; id: HolderSessionData } => {
    const staff = p as StaffPrincipal;
    const data = staff.session.data as Partial<HolderSessionData>;
    if (!data.certificate || !data.mspId || !data.enrollmentId) throw new ApiError('Forbidden', 'Sign in with your key-holder certificate.');
    return { owner: staff.session.idHash, id: { mspId: data.mspId, enrollmentId: data.enrollmentId, certificate: data.certificate } };
  };
  const holderIndex = async (electionId: string, id: HolderSessionData): Promise<number> => {
    const e = await ledger.election(electionId);
    const h = e.keyHolders.find((k) => k.mspId === id.mspId && k.enrollmentId === id.enrollmentId);
    if (!h) throw new ApiError('Forbidden', 'You are not a key holder of this election.');
    return h.index;
  };
  const signature = (b64: string): Buffer => Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64');

  return [
    defineRoute({
      method: 'get',
      path: '/api/keyholder/challenge',
      summary: 'A fresh challenge to sign with the key holder\'s enrollment key (single use, 2 minutes)',
      tags: ['keyholder'],
      roles: ['public'],
      rateLimit: 'staffAuth',
      response: { schema: z.object({ challenge: z.string() }) },
      handler: () => ({ challenge: ledger.relay.challenge() }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/keyholder/login',
      summary: 'Sign in with the enrollment certificate and an ECDSA-SHA256 signature (DER, base64) of the challenge',
      tags: ['keyholder'],
      roles: ['public'],
      rateLimit: 'staffAuth',
      csrf: false,
      body: z.object({ challenge: z.string().min(16).max(100), certificate: z.string().min(100).max(8000), signature: Base64 }).strict(),
      response: { schema: z.object({ mspId: z.string(), enrollmentId: z.string(), csrfToken: z.string() }) },
      handler: ({ body, req, res, log }) => {
        const id = ledger.relay.login(body.challenge, body.certificate, signature(body.signature));
        const username = `keyholder:${id.mspId}:${id.enrollmentId}`;
        const user =
          svc.store.staff.byUsername(username) ??
          svc.store.staff.create({ username, passwordHash: `certificate-only:${randomBytes(16).toString('hex')}`, role: 'keyholder', displayName: id.enrollmentId });
        const session = svc.sessions.start(req, res, { kind: 'staff', userId: user.id, stage: 'active', data: { ...id } });
        log.info({ mspId: id.mspId, enrollmentId: id.enrollmentId }, 'key holder signed in');
        return { mspId: id.mspId, enrollmentId: id.enrollmentId, csrfToken: session.csrfToken };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/keyholder/elections',
      summary: 'Elections in which the signed-in identity holds a key share, with the next step',
      tags: ['keyholder'],
      roles: ['keyholder'],
      response: {
        schema: z.array(
          z.object({
            electionId: ElectionId,
            title: z.string(),
            state: z.string(),
            holder: z.number().int(),
            threshold: z.number().int(),
            holders: z.number().int(),
            stage: z.enum(['round1', 'round2', 'review', 'waiting', 'decrypt', 'done']),
          }),
        ),
      },
      handler: async ({ auth }) => {
        const { id } = holderOf(auth.principal);
        const all = await onLedger(() => ledger.fabric.auditor.listElections());
        const mine = all.filter((e) => e.keyHolders.some((k) => k.mspId === id.mspId && k.enrollmentId === id.enrollmentId));
        return Promise.all(
          mine.map(async (e) => {
            const holder = e.keyHolders.find((k) => k.mspId === id.mspId && k.enrollmentId === id.enrollmentId)!.index;
            const t = await onLedger(() => ledger.fabric.auditor.getCeremony(e.electionId));
            const n = e.manifest.keyCeremony.holders;
            let stage: 'round1' | 'round2' | 'review' | 'waiting' | 'decrypt' | 'done' = 'waiting';
            if (e.ceremony === null) {
              if (!t.round1.some((m) => m.holder === holder)) stage = 'round1';
              else if (t.round1.length === n && !t.round2.some((m) => m.sender === holder)) stage = 'round2';
              else if (t.round2.length === n && !t.reviews.some((r) => r.holder === holder)) stage = 'review';
            } else if (e.state === 'closed') {
              const shares = await onLedger(() => ledger.fabric.auditor.getDecryptionShares(e.electionId));
              stage = shares.some((s) => s.holder === holder) ? 'done' : 'decrypt';
            } else if (e.state === 'tallied' || e.state === 'purged') stage = 'done';
            return { electionId: e.electionId, title: e.manifest.title, state: e.state, holder, threshold: e.manifest.keyCeremony.threshold, holders: n, stage };
          }),
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/keyholder/elections/:electionId/ceremony',
      summary: 'The ceremony transcript so far and this holder\'s index',
      tags: ['keyholder'],
      roles: ['keyholder'],
      params: ElectionParams,
      response: { schema: CeremonyOut },
      handler: async ({ auth, params }) => {
        const { id } = holderOf(auth.principal);
        const holder = await holderIndex(params.electionId, id);
        const e = await ledger.election(params.electionId);
        const t = await onLedger(() => ledger.fabric.auditor.getCeremony(params.electionId));
        return { manifest: e.manifest, holder, round1: t.round1, round2: t.round2, reviews: t.reviews, complaints: t.complaints, result: t.result };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/keyholder/elections/:electionId/tally',
      summary: 'The encrypted tally to decrypt (after close) and the holders that have posted shares',
      tags: ['keyholder'],
      roles: ['keyholder'],
      params: ElectionParams,
      response: { schema: z.object({ state: z.string(), tally: z.unknown(), shares: z.array(z.number().int()) }) },
      handler: async ({ auth, params }) => {
        const { id } = holderOf(auth.principal);
        await holderIndex(params.electionId, id);
        const e = await ledger.election(params.electionId);
        const { tally } = await onLedger(() => ledger.fabric.auditor.getTally(params.electionId));
        const shares = (await onLedger(() => ledger.fabric.auditor.getDecryptionShares(params.electionId))).map((s) => s.holder);
        return { state: e.state, tally, shares };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/keyholder/transactions',
      summary: 'Build a transaction for the key holder to sign: returns the Proposal message (base64) whose SHA-256 the holder signs',
      tags: ['keyholder'],
      roles: ['keyholder'],
      body: z.object({ electionId: ElectionId, name: z.enum(KEYHOLDER_TRANSACTIONS), payload: z.record(z.string(), z.unknown()) }).strict(),
      response: { schema: z.object({ id: z.string(), txId: z.string(), proposal: z.string() }) },
      handler: async ({ auth, body }) => {
        const { owner, id } = holderOf(auth.principal);
        await holderIndex(body.electionId, id);
        return ledger.relay.propose(owner, id, body.electionId, body.name, body.payload);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/keyholder/transactions/:id/endorse',
      summary: 'Endorse with the signed proposal: returns the transaction\'s Payload message (base64) whose SHA-256 the holder signs',
      tags: ['keyholder'],
      roles: ['keyholder'],
      params: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{22}$/) }),
      body: z.object({ signature: Base64 }).strict(),
      response: { schema: z.object({ transaction: z.string(), result: z.unknown() }) },
      handler: ({ auth, params, body }) => ledger.relay.endorse(holderOf(auth.principal).owner, params.id, signature(body.signature)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/keyholder/transactions/:id/submit',
      summary: 'Submit the signed transaction and wait for the commit',
      tags: ['keyholder'],
      roles: ['keyholder'],
      params: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{22}$/) }),
      body: z.object({ signature: Base64 }).strict(),
      response: { schema: z.object({ txId: z.string(), blockNumber: z.number().int(), status: z.string() }) },
      handler: ({ auth, params, body }) => ledger.relay.submit(holderOf(auth.principal).owner, params.id, signature(body.signature)),
    }),
  ];
}

/**
 * The ledger-backed routes voters and the public use: the election and ballot context, casting,
 * the receipt, Benaloh-challenged (spoiled) ballots, tracker and credential lookups, public
 * results and the election record.
 *
 * @module
 */
import { BallotSchema, ElectionRecordSchema, SpoiledBallotSchema, SpoilRevealSchema } from '@ballotledger/core';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import type { ElectionInfo, ElectionInput } from '../ledger/election-input.js';
import { onLedger } from '../ledger/ledger-errors.js';
import type { LedgerServices } from '../ledger/ledger-services.js';
import { assertResultsReadable, resultsArePublic } from '../ledger/results-access.js';
import type { VoterPrincipal } from '../security/roles.js';
import type { Services } from '../services.js';
import { PublicElectionOut, ReceiptOut, VoterElectionOut } from './ledger-schemas.js';
import { NDJSON, RECORD_NDJSON_DESCRIPTION, sendRecordNdjson } from './record-download.js';
import { ElectionId, ElectionParams } from './schemas.js';

const Tracker = z.string().regex(/^[0-9a-f]{64}$/);
const Credential = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export function ballotRoutes(svc: Services, ledger: LedgerServices): RouteDefinition[] {
  const info = (electionId: string): ElectionInfo | null => svc.store.elections.get<ElectionInput, ElectionInfo>(electionId)?.info ?? null;
  const voterOf = (p: unknown): VoterPrincipal => p as VoterPrincipal;

  return [
    defineRoute({
      method: 'get',
      path: '/api/voter/election',
      summary: 'The voter\'s election: manifest, joint key, candidate information, state and (if any) the receipt',
      tags: ['voter'],
      roles: ['voter'],
      response: { schema: VoterElectionOut },
      handler: async ({ auth }) => {
        const v = voterOf(auth.principal);
        const e = await ledger.election(v.electionId);
        const receipt = svc.store.credentials.get(v.electionId, v.voterId)?.receipt ?? null;
        return {
          electionId: e.electionId,
          title: e.manifest.title,
          state: e.state,
          schedule: e.schedule,
          manifest: e.manifest,
          jointKey: e.ceremony?.jointKey ?? null,
          electionBaseHash: e.ceremony?.electionBaseHash ?? null,
          info: info(e.electionId) ?? { descriptionHtml: null, contests: [] },
          channels: e.channels,
          receipt: receipt as z.input<typeof ReceiptOut> | null,
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/voter/ballot',
      summary: 'Cast the encrypted, proven and signed ballot; answers only once the ledger committed it',
      description:
        '201 with the receipt when the CastBallot transaction is committed VALID. 409 AlreadyVoted (details.receipt), 409 NotOpen, 422 InvalidBallot/InvalidProof/InvalidSignature, 503 NotRecorded: not recorded (or, after a timeout, not confirmed yet): send the ballot again; the gateway finishes its stored transaction, so it is never counted twice.',
      tags: ['voter'],
      roles: ['voter'],
      rateLimit: 'voterAuth',
      body: z.object({ ballot: BallotSchema, channel: z.enum(['web', 'mobile', 'kiosk']) }).strict(),
      response: { schema: ReceiptOut, status: 201 },
      handler: async ({ auth, body, log }) => {
        const v = voterOf(auth.principal);
        const receipt = await ledger.casts.cast(v.electionId, v.voterId, body.ballot, body.channel);
        log.info({ electionId: v.electionId, txId: receipt.txId, block: receipt.blockNumber }, 'ballot recorded');
        return receipt;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/voter/receipt',
      summary: 'The receipt of the voter\'s recorded ballot',
      tags: ['voter'],
      roles: ['voter-session'],
      response: { schema: ReceiptOut },
      handler: ({ auth }) => {
        const v = voterOf(auth.principal);
        const receipt = svc.store.credentials.get(v.electionId, v.voterId)?.receipt;
        if (!receipt) throw new ApiError('NotFound', 'No ballot of yours is recorded yet.');
        return receipt as z.input<typeof ReceiptOut>;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/voter/spoiled',
      summary: 'Publish a Benaloh-challenged ballot with its revealed randomness on the ledger (SpoilBallot); it can never be cast',
      description:
        '201 once the SpoilBallot transaction is committed: from then on every peer refuses to cast this ballot (409 SpoiledBallot) and any commission\'s gateway finds it. Sending it again answers the same. 422 InvalidBallot: the reveal does not re-encrypt to the ballot, or the ballot is not signed with the credential of the voting link. 409 DuplicateBallot: this ballot was already cast. 503 NotRecorded: try again.',
      tags: ['voter'],
      roles: ['voter'],
      rateLimit: 'voterAuth',
      body: z.object({ ballot: BallotSchema, reveal: SpoilRevealSchema }).strict(),
      response: { schema: z.object({ tracker: z.string(), txId: z.string(), auditUrl: z.string() }), status: 201 },
      handler: async ({ auth, body, log }) => {
        const v = voterOf(auth.principal);
        const spoiled = await ledger.spoils.spoil(v.electionId, v.voterId, body.ballot, body.reveal);
        log.info({ electionId: v.electionId, txId: spoiled.txId }, 'spoiled ballot recorded');
        return { ...spoiled, auditUrl: `${svc.config.publicBaseUrl}/audit/spoiled?e=${encodeURIComponent(v.electionId)}&t=${spoiled.tracker}` };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/elections/:electionId/public',
      summary: 'Public view of an election: information, turnout, and the result once published (if public)',
      tags: ['public'],
      roles: ['public'],
      params: ElectionParams,
      response: { schema: PublicElectionOut },
      handler: async ({ params }) => {
        const e = await ledger.election(params.electionId);
        const result = resultsArePublic(e) ? await onLedger(() => ledger.fabric.auditor.getResult(e.electionId)) : null;
        const anchor = result ? await onLedger(() => ledger.fabric.auditor.transactionStatus(result.txId)) : null;
        return {
          electionId: e.electionId,
          title: e.manifest.title,
          state: e.state,
          schedule: e.schedule,
          info: info(e.electionId),
          manifest: e.manifest,
          jointKey: e.ceremony?.jointKey ?? null,
          electionBaseHash: e.ceremony?.electionBaseHash ?? null,
          turnout: { voted: await ledger.ledgerTurnout(e.electionId), eligible: e.roll?.count ?? null },
          result,
          anchors: { resultTxId: result?.txId ?? null, resultBlock: anchor?.blockNumber ?? null },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/elections/:electionId/trackers/:tracker',
      summary: 'Is a ballot with this tracker on the ledger?',
      tags: ['public'],
      roles: ['public'],
      params: z.object({ electionId: ElectionId, tracker: Tracker }),
      response: { schema: z.object({ found: z.boolean(), receipt: z.object({ tracker: z.string(), txId: z.string(), at: z.string(), channel: z.string(), blockNumber: z.number().int().nullable() }).nullable() }) },
      handler: async ({ params }) => {
        const receipt = await onLedger(() => ledger.fabric.auditor.lookupTracker(params.electionId, params.tracker));
        if (!receipt) return { found: false, receipt: null };
        const status = await onLedger(() => ledger.fabric.auditor.transactionStatus(receipt.txId));
        return { found: true, receipt: { tracker: receipt.tracker, txId: receipt.txId, at: receipt.at, channel: receipt.channel, blockNumber: status.blockNumber } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/elections/:electionId/trackers/short/:short',
      summary: 'Look a ballot up by the short tracker on the receipt (e.g. 9F3A-01BC-77D2-E410)',
      tags: ['public'],
      roles: ['public'],
      params: z.object({ electionId: ElectionId, short: z.string().regex(/^[0-9A-Fa-f]{4}(-?[0-9A-Fa-f]{4}){3}$/) }),
      response: { schema: z.object({ found: z.boolean(), tracker: z.string().nullable() }) },
      handler: async ({ params }) => {
        const prefix = params.short.replace(/-/g, '').toLowerCase();
        const receipt = await onLedger(() => ledger.fabric.auditor.lookupShortTracker(params.electionId, prefix));
        return { found: receipt !== null, tracker: receipt?.tracker ?? null };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/elections/:electionId/spoiled/:tracker',
      summary: 'A Benaloh-challenged (spoiled) ballot with its revealed randomness, from the ledger, to check anywhere',
      tags: ['public'],
      roles: ['public'],
      params: z.object({ electionId: ElectionId, tracker: Tracker }),
      response: { schema: SpoiledBallotSchema },
      handler: ({ params }) => ledger.spoils.find(params.electionId, params.tracker),
    }),
    defineRoute({
      method: 'get',
      path: '/api/elections/:electionId/credentials/:credential',
      summary: 'Has a ballot been cast with this public credential? (a voter checks nobody voted in its name)',
      tags: ['public'],
      roles: ['public'],
      params: z.object({ electionId: ElectionId, credential: Credential }),
      response: { schema: z.object({ used: z.boolean() }) },
      handler: async ({ params }) => ({ used: await onLedger(() => ledger.fabric.auditor.credentialUsed(params.electionId, params.credential)) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/elections/:electionId/record',
      summary: 'The election record for independent verification (public once the result is published and public; one JSON document, 413 RecordTooLarge beyond 100,000 ballots)',
      tags: ['public'],
      roles: ['public'],
      params: ElectionParams,
      response: { schema: ElectionRecordSchema },
      handler: async ({ params, auth }) => {
        const e = await ledger.election(params.electionId);
        assertResultsReadable(e, auth.staff, (staff) => ledger.elections.canManage(staff, e), 'record');
        return ledger.elections.jsonRecord(params.electionId, `/api/elections/${params.electionId}/record.ndjson`);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/elections/:electionId/record.ndjson',
      summary: 'The election record for independent verification, streamed (record.ndjson, any size; public once the result is published and public)',
      tags: ['public'],
      roles: ['public'],
      params: ElectionParams,
      file: { contentType: NDJSON, description: RECORD_NDJSON_DESCRIPTION },
      handler: async ({ params, auth, res, log }) => {
        const e = await ledger.election(params.electionId);
        assertResultsReadable(e, auth.staff, (staff) => ledger.elections.canManage(staff, e), 'record');
        return sendRecordNdjson(ledger, params.electionId, { res, log });
      },
    }),
  ];
}

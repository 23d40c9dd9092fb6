/**
 * The admin API of elections on the ledger (roles `admin`, `orgadmin`): create, edit, freeze the
 * roll, finalize the key ceremony, open/pause/resume/extend/close, tally, publish, live turnout
 * (JSON and server-sent events), the election record. The route layer has already checked that
 * the caller manages the election (`authorizeElection`).
 *
 * @module
 */
import { ElectionRecordSchema } from '@ballotledger/core';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { ElectionInput } from '../ledger/election-input.js';
import type { LedgerServices } from '../ledger/ledger-services.js';
import type { StaffPrincipal } from '../security/roles.js';
import { AdminElectionOut, AdminElectionSummaryOut, ResultOut, TurnoutOut } from './ledger-schemas.js';
import { NDJSON, RECORD_NDJSON_DESCRIPTION, sendRecordNdjson } from './record-download.js';
import { ElectionParams } from './schemas.js';

const ADMIN = ['admin', 'orgadmin'] as const;
const staffOf = (p: unknown): StaffPrincipal => p as StaffPrincipal;

export function electionRoutes(ledger: LedgerServices): RouteDefinition[] {
  const el = ledger.elections;
  const transition = (name: 'open' | 'pause' | 'resume' | 'close', summary: string): RouteDefinition =>
    defineRoute({
      method: 'post',
      path: `/api/admin/elections/:electionId/${name}`,
      summary,
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      response: { schema: AdminElectionOut },
      handler: async ({ auth, params, log }) => {
        const out = await el.transition(staffOf(auth.principal), params.electionId, name);
        log.info({ electionId: params.electionId, action: name, by: staffOf(auth.principal).user.id }, 'election state changed');
        return out;
      },
    });

  return [
    defineRoute({
      method: 'get',
      path: '/api/admin/keyholders',
      summary: 'Key holders enrolled at the network\'s CAs (role keyholder), to choose from in the election wizard',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      response: { schema: z.array(z.object({ org: z.string(), mspId: z.string(), enrollmentId: z.string() })) },
      handler: () =>
        ledger.fabric.profile.orgs.flatMap((o) =>
          Object.values(o.identities)
            .filter((i) => i.role === 'keyholder')
            .map((i) => ({ org: o.name, mspId: o.mspId, enrollmentId: i.name })),
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections',
      summary: 'The elections this staff member manages',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      response: { schema: z.array(AdminElectionSummaryOut) },
      handler: async ({ auth }) =>
        (await el.list(staffOf(auth.principal))).map((e) => {
          const t = ledger.turnout.turnout(e.electionId);
          return { electionId: e.electionId, title: e.manifest.title, state: e.state, schedule: e.schedule, organizationId: e.organizationId, turnout: { voted: t.voted, eligible: t.eligible } };
        }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/elections',
      summary: 'Create an election (draft) on the ledger',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      body: ElectionInput,
      response: { schema: AdminElectionOut, status: 201 },
      handler: async ({ auth, body, log }) => {
        const out = await el.create(staffOf(auth.principal), body);
        log.info({ electionId: body.electionId, by: staffOf(auth.principal).user.id }, 'election created');
        return out;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId',
      summary: 'An election with its roll, ceremony, tally and turnout progress',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      response: { schema: AdminElectionOut },
      handler: ({ auth, params }) => el.view(staffOf(auth.principal), params.electionId),
    }),
    defineRoute({
      method: 'put',
      path: '/api/admin/elections/:electionId',
      summary: 'Edit a draft election (until the key ceremony starts)',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      body: ElectionInput,
      response: { schema: AdminElectionOut },
      handler: async ({ auth, params, body }) => {
        if (body.electionId !== params.electionId) throw new ApiError('BadRequest', 'The election id in the body differs from the path.');
        return el.update(staffOf(auth.principal), body);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/elections/:electionId/freeze',
      summary: 'Freeze the roll: generate the voters\' credentials and register the public ones on the ledger',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      response: { schema: AdminElectionOut },
      handler: ({ auth, params }) => el.freeze(staffOf(auth.principal), params.electionId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/elections/:electionId/ceremony/finalize',
      summary: 'Publish the joint key once every key holder has reviewed its shares',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      response: { schema: AdminElectionOut },
      handler: ({ auth, params }) => el.finalizeCeremony(staffOf(auth.principal), params.electionId),
    }),
    transition('open', 'Open the election for voting'),
    transition('pause', 'Pause voting'),
    transition('resume', 'Resume voting'),
    transition('close', 'Close the election'),
    defineRoute({
      method: 'post',
      path: '/api/admin/elections/:electionId/extend',
      summary: 'Move the closing time later',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      body: z.object({ closesAt: z.iso.datetime({ offset: true }) }).strict(),
      response: { schema: AdminElectionOut },
      handler: ({ auth, params, body }) => el.extend(staffOf(auth.principal), params.electionId, body.closesAt),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/elections/:electionId/tally',
      summary: 'Aggregate the encrypted ballots (every shard, then the combination)',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      response: { schema: z.object({ shards: z.number().int(), ballotCount: z.number().int() }) },
      handler: ({ auth, params }) => el.tally(staffOf(auth.principal), params.electionId),
    }),
    defineRoute({
      method: 'post',
      path: '/api/admin/elections/:electionId/publish',
      summary: 'Combine the key holders\' decryption shares and publish the result',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      response: { schema: ResultOut },
      handler: ({ auth, params }) => el.publish(staffOf(auth.principal), params.electionId),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId/turnout',
      summary: 'Live turnout: overall, per group, per channel, over time',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      response: { schema: TurnoutOut },
      handler: ({ params }) => ledger.turnout.turnout(params.electionId),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId/turnout/stream',
      summary: 'Live turnout as server-sent events (`turnout`), pushed on every recorded ballot',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      file: { contentType: 'text/event-stream' },
      handler: ({ params, req, res }) => {
        const eid = params.electionId;
        res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
        res.flushHeaders();
        res.write('retry: 3000\n\n');
        const send = (): void => {
          res.write(`event: turnout\ndata: ${JSON.stringify(ledger.turnout.turnout(eid))}\n\n`);
        };
        const onUpdate = (id: string): void => {
          if (id === eid) send();
        };
        const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
        ledger.turnout.on('update', onUpdate);
        req.on('close', () => {
          clearInterval(ping);
          ledger.turnout.off('update', onUpdate);
        });
        send();
        return { data: '' };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId/record',
      summary: 'The election record (once the result is published; one JSON document, 413 RecordTooLarge beyond 100,000 ballots)',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      response: { schema: ElectionRecordSchema },
      handler: ({ params }) => ledger.elections.jsonRecord(params.electionId, `/api/admin/elections/${params.electionId}/record.ndjson`),
    }),
    defineRoute({
      method: 'get',
      path: '/api/admin/elections/:electionId/record.ndjson',
      summary: 'The election record, streamed (record.ndjson, any size; once the result is published)',
      tags: ['admin', 'elections'],
      roles: [...ADMIN],
      params: ElectionParams,
      file: { contentType: NDJSON, description: RECORD_NDJSON_DESCRIPTION },
      handler: ({ params, res, log }) => sendRecordNdjson(ledger, params.electionId, { res, log }),
    }),
  ];
}

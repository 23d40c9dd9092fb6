/**
 * The auditor's API: the cross-node ledger comparison (also public: anyone may see whether the
 * organizations' peers agree), the elections and their records.
 *
 * @module
 */
import { ElectionRecordSchema } from '@ballotledger/core';
import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { onLedger } from '../ledger/ledger-errors.js';
import type { LedgerServices } from '../ledger/ledger-services.js';
import { AdminElectionSummaryOut, PeerAuditOut } from './ledger-schemas.js';
import { NDJSON, RECORD_NDJSON_DESCRIPTION, sendRecordNdjson } from './record-download.js';
import { ElectionParams } from './schemas.js';

export function auditRoutes(ledger: LedgerServices): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit/peers',
      summary: 'Every organization\'s peer asked on its own: heights, latest block hashes, and any block where they differ',
      tags: ['audit'],
      roles: ['public'],
      response: { schema: PeerAuditOut },
      handler: () => ledger.audit.check(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/audit/elections',
      summary: 'Every election on the ledger',
      tags: ['audit'],
      roles: ['auditor'],
      response: { schema: z.array(AdminElectionSummaryOut) },
      handler: async () =>
        (await onLedger(() => ledger.fabric.auditor.listElections())).map((e) => ({
          electionId: e.electionId,
          title: e.manifest.title,
          state: e.state,
          schedule: e.schedule,
          organizationId: e.organizationId,
          turnout: { voted: ledger.turnout.turnout(e.electionId).voted, eligible: e.roll?.count ?? 0 },
        })),
    }),
    defineRoute({
      method: 'get',
      path: '/api/audit/elections/:electionId/record',
      summary: 'The full election record of any election with a published result (one JSON document; 413 RecordTooLarge beyond 100,000 ballots)',
      tags: ['audit'],
      roles: ['auditor'],
      params: ElectionParams,
      response: { schema: ElectionRecordSchema },
      handler: ({ params }) => ledger.elections.jsonRecord(params.electionId, `/api/audit/elections/${params.electionId}/record.ndjson`),
    }),
    defineRoute({
      method: 'get',
      path: '/api/audit/elections/:electionId/record.ndjson',
      summary: 'The full election record of any election with a published result, streamed (record.ndjson, any size)',
      tags: ['audit'],
      roles: ['auditor'],
      params: ElectionParams,
      file: { contentType: NDJSON, description: RECORD_NDJSON_DESCRIPTION },
      handler: ({ params, res, log }) => sendRecordNdjson(ledger, params.electionId, { res, log }),
    }),
  ];
}

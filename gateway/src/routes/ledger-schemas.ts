/**
 * Response schemas of the ledger-backed routes (the request schemas of wire objects come from
 * `@ballotledger/core`).
 *
 * @module
 */
import { CeremonyResultSchema, ManifestSchema, Round1MessageSchema, Round2MessageSchema, ComplaintSchema } from '@ballotledger/core';
import { z } from 'zod';
import { ElectionInfo, ElectionInput } from '../ledger/election-input.js';
import { ElectionId } from './schemas.js';

export const ElectionStateOut = z.enum(['draft', 'frozen', 'open', 'paused', 'closed', 'tallied', 'purged']);
export const ScheduleOut = z.object({ opensAt: z.string(), closesAt: z.string() });

/** What every view of an election starts with. */
const electionHeader = {
  electionId: ElectionId,
  title: z.string(),
  state: ElectionStateOut,
  schedule: ScheduleOut,
} as const;

export const ReceiptOut = z
  .object({
    electionId: ElectionId,
    tracker: z.string(),
    shortTracker: z.string(),
    txId: z.string(),
    blockNumber: z.number().int().nullable(),
    at: z.string(),
    channel: z.string(),
  })
  .meta({ id: 'Receipt' });

export const TurnoutOut = z
  .object({
    eligible: z.number().int(),
    voted: z.number().int(),
    byGroup: z.array(z.object({ group: z.string(), eligible: z.number().int(), voted: z.number().int() })),
    byChannel: z.array(z.object({ channel: z.string(), voted: z.number().int() })),
    series: z.array(z.object({ at: z.string(), voted: z.number().int() })),
    updatedAt: z.string(),
  })
  .meta({ id: 'Turnout' });

export const TallyResultOut = z.object({
  v: z.literal(1),
  electionId: z.string(),
  ballotCount: z.number().int(),
  contests: z.array(z.object({ contestId: z.string(), counts: z.array(z.number().int()) })),
});

export const ResultOut = z
  .object({ result: TallyResultOut, usedHolders: z.array(z.number().int()), publishedAt: z.string(), txId: z.string() })
  .meta({ id: 'Result' });

export const VoterElectionOut = z
  .object({
    ...electionHeader,
    manifest: ManifestSchema,
    jointKey: z.string().nullable(),
    electionBaseHash: z.string().nullable(),
    info: ElectionInfo,
    channels: z.array(z.string()),
    receipt: ReceiptOut.nullable(),
  })
  .meta({ id: 'VoterElection' });

export const PublicElectionOut = z
  .object({
    ...electionHeader,
    info: ElectionInfo.nullable(),
    manifest: ManifestSchema,
    jointKey: z.string().nullable(),
    electionBaseHash: z.string().nullable(),
    turnout: z.object({ voted: z.number().int(), eligible: z.number().int().nullable() }),
    result: ResultOut.nullable(),
    anchors: z.object({ resultTxId: z.string().nullable(), resultBlock: z.number().int().nullable() }),
  })
  .meta({ id: 'PublicElection' });

export const AdminElectionSummaryOut = z
  .object({
    ...electionHeader,
    organizationId: z.string(),
    turnout: z.object({ voted: z.number().int(), eligible: z.number().int() }),
  })
  .meta({ id: 'AdminElectionSummary' });

export const AdminElectionOut = z
  .object({
    ...electionHeader,
    organizationId: z.string(),
    managingMspId: z.string(),
    manifest: ManifestSchema,
    input: ElectionInput.nullable(),
    info: ElectionInfo.nullable(),
    roll: z.object({ imported: z.number().int(), frozen: z.boolean(), count: z.number().int().nullable(), hash: z.string().nullable() }),
    ceremony: z.object({
      holders: z.array(
        z.object({ index: z.number().int(), name: z.string(), round1: z.boolean(), round2: z.boolean(), reviewed: z.boolean(), complaints: z.number().int() }),
      ),
      finalized: z.boolean(),
      jointKey: z.string().nullable(),
    }),
    tally: z.object({
      shards: z.number().int(),
      shardsDone: z.number().int(),
      combined: z.boolean(),
      ballotCount: z.number().int().nullable(),
      shares: z.array(z.number().int()),
      threshold: z.number().int(),
      published: z.boolean(),
    }),
    turnout: TurnoutOut,
    history: z.array(z.object({ action: z.string(), at: z.string(), txId: z.string(), by: z.string() })),
  })
  .meta({ id: 'AdminElection' });

export const CeremonyOut = z
  .object({
    manifest: ManifestSchema,
    holder: z.number().int(),
    round1: z.array(Round1MessageSchema),
    round2: z.array(Round2MessageSchema),
    reviews: z.array(z.object({ v: z.literal(1), electionId: z.string(), holder: z.number().int(), complaints: z.array(ComplaintSchema) })),
    complaints: z.array(ComplaintSchema),
    result: CeremonyResultSchema.nullable(),
  })
  .meta({ id: 'Ceremony' });

export const PeerAuditOut = z
  .object({
    checkedAt: z.string(),
    agree: z.boolean(),
    chainsChecking: z.boolean().meta({ description: 'A background walk re-checking the peers\' chains from the genesis block is under way' }),
    peers: z.array(
      z.object({
        org: z.string(),
        mspId: z.string(),
        address: z.string(),
        healthy: z.boolean(),
        height: z.number().int(),
        currentBlockHash: z.string(),
        previousBlockHash: z.string(),
        verifiedHeight: z.number().int().meta({ description: 'Blocks 0 .. verifiedHeight-1 of this peer were re-read by this gateway: each block\'s data hashes to its header and links to the block before' }),
        chainFault: z.object({ height: z.number().int(), reason: z.string() }).nullable().meta({ description: 'The first block of this peer found broken (the re-check stops there)' }),
        chainCheckStartedAt: z.string().nullable().meta({ description: 'When the re-check that verifiedHeight reports started from the genesis block (a caught-up re-check is re-done from the start every 30 minutes)' }),
      }),
    ),
    mismatches: z.array(z.object({ peer: z.string(), height: z.number().int(), reason: z.string() })),
  })
  .meta({ id: 'PeerAudit' });

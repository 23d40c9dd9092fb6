/**
 * What an admin fills in for an election (`ElectionInput`), and its two products: the manifest
 * and draft that go on the ledger, and the information voters see (candidate numbers, names,
 * parties, photos, sanitised profiles) whose SHA-256 the ledger anchors as `infoHash`.
 *
 * @module
 */
import {
  base64urlEncode,
  canonicalBytes,
  choiceContest,
  createManifest,
  scaleContest,
  scoreContest,
  shardDigitsFor,
  yesNoContest,
  type Contest,
  type Manifest,
} from '@ballotledger/core';
import type { ElectionDraft } from '@ballotledger/chaincode';
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { renderMarkdown } from '../content/markdown.js';
import { ElectionId } from '../routes/schemas.js';

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/);
const Label = z.string().trim().min(1).max(200);
const IsoTime = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());

export const CandidateInput = z
  .object({
    optionId: Id,
    number: z.number().int().min(1).max(999).nullable(),
    name: Label,
    party: z.string().trim().max(100).nullable(),
    photoSha256: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
    profileMarkdown: z.string().max(20_000).nullable(),
  })
  .strict()
  .meta({ id: 'CandidateInput' });

export const ContestInput = z
  .object({
    contestId: Id,
    label: Label,
    description: z.string().max(2000).nullable(),
    type: z.enum(['yesno', 'choice', 'score', 'scale']),
    abstain: z.boolean(),
    min: z.number().int().min(0).max(64).optional(),
    max: z.number().int().min(1).max(64).optional(),
    maxScore: z.number().int().min(1).max(100).optional(),
    maxTotal: z.number().int().min(1).max(10_000).optional(),
    lo: z.number().int().min(0).max(100).optional(),
    hi: z.number().int().min(1).max(100).optional(),
    candidates: z.array(CandidateInput).max(64),
  })
  .strict()
  .meta({ id: 'ContestInput' });

export const KeyHolderInput = z
  .object({ index: z.number().int().min(1).max(64), mspId: z.string().min(1).max(64), enrollmentId: Id, name: Label })
  .strict();

export const ElectionInput = z
  .object({
    electionId: ElectionId,
    title: Label,
    descriptionMarkdown: z.string().max(20_000).nullable(),
    organizationId: Id,
    schedule: z.object({ opensAt: IsoTime, closesAt: IsoTime }).strict(),
    contests: z.array(ContestInput).min(1).max(50),
    keyHolders: z.array(KeyHolderInput).min(1).max(64),
    threshold: z.number().int().min(1).max(64),
    identityMethod: z.string().min(1).max(40),
    /** Expected number of voters: sizes the tally shards of the draft (FreezeRoll raises them to what the real roll needs). */
    expectedVoters: z.number().int().min(1).max(50_000_000).optional(),
    channels: z.array(z.enum(['web', 'mobile', 'kiosk'])).min(1).max(3),
    resultsVisibility: z.enum(['public', 'voters', 'organization']),
    templates: z.object({ invitation: z.string().min(1).max(2000), reminder: z.string().min(1).max(2000) }).strict(),
  })
  .strict()
  .meta({ id: 'ElectionInput' });
export type ElectionInput = z.infer<typeof ElectionInput>;

export const OptionInfo = z
  .object({
    optionId: z.string(),
    number: z.number().int().nullable(),
    name: z.string(),
    party: z.string().nullable(),
    photoUrl: z.string().nullable(),
    profileHtml: z.string().nullable(),
  })
  .meta({ id: 'OptionInfo' });
export const ContestInfo = z.object({ contestId: z.string(), description: z.string().nullable(), options: z.array(OptionInfo) }).meta({ id: 'ContestInfo' });
export const ElectionInfo = z.object({ descriptionHtml: z.string().nullable(), contests: z.array(ContestInfo) }).meta({ id: 'ElectionInfo' });
export type ElectionInfo = z.infer<typeof ElectionInfo>;

/** An admin-facing error about the input (400), e.g. a choice contest without candidates. */
export class ElectionInputError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.name = 'ElectionInputError';
    this.path = path;
  }
}

function candidateLabel(c: z.infer<typeof CandidateInput>): string {
  return `${c.number === null ? '' : `기호 ${c.number} `}${c.name}${c.party ? ` (${c.party})` : ''}`;
}

function toContest(c: z.infer<typeof ContestInput>, i: number): Contest {
  const path = `contests[${i}]`;
  const candidates = c.candidates.map((x) => ({ optionId: x.optionId, label: candidateLabel(x) }));
  switch (c.type) {
    case 'yesno':
      return yesNoContest({ contestId: c.contestId, label: c.label, abstain: c.abstain });
    case 'choice':
      if (candidates.length === 0) throw new ElectionInputError(`${path}.candidates`, 'a choice contest needs candidates');
      return choiceContest({ contestId: c.contestId, label: c.label, candidates, min: c.min ?? 1, max: c.max ?? 1, abstain: c.abstain });
    case 'score':
      if (candidates.length === 0) throw new ElectionInputError(`${path}.candidates`, 'a score contest needs candidates');
      return scoreContest({
        contestId: c.contestId,
        label: c.label,
        candidates,
        maxScore: c.maxScore ?? 5,
        ...(c.maxTotal === undefined ? {} : { maxTotal: c.maxTotal }),
        abstain: c.abstain,
      });
    case 'scale':
      return scaleContest({ contestId: c.contestId, label: c.label, lo: c.lo ?? 1, hi: c.hi ?? 5, abstain: c.abstain });
  }
}

/** The ledger manifest of an input; throws ElectionInputError or core's InvalidManifest. */
export function manifestOf(input: ElectionInput): Manifest {
  if (input.threshold > input.keyHolders.length) throw new ElectionInputError('threshold', 'the threshold exceeds the number of key holders');
  return createManifest({
    electionId: input.electionId,
    title: input.title,
    threshold: input.threshold,
    holders: input.keyHolders.length,
    contests: input.contests.map(toContest),
  });
}

/** What voters see, rendered from the input and the manifest (candidate options in manifest order). */
export function infoOf(input: ElectionInput, manifest: Manifest): ElectionInfo {
  return {
    descriptionHtml: input.descriptionMarkdown ? renderMarkdown(input.descriptionMarkdown) : null,
    contests: manifest.contests.map((mc, i) => {
      const c = input.contests[i]!;
      return {
        contestId: mc.contestId,
        description: c.description,
        options: mc.options.map((o) => {
          const cand = c.candidates.find((x) => x.optionId === o.optionId);
          return {
            optionId: o.optionId,
            number: cand?.number ?? null,
            name: cand?.name ?? o.label,
            party: cand?.party ?? null,
            photoUrl: cand?.photoSha256 ? `/api/photos/${cand.photoSha256}` : null,
            profileHtml: cand?.profileMarkdown ? renderMarkdown(cand.profileMarkdown) : null,
          };
        }),
      };
    }),
  };
}

/** SHA-256 (base64url) of the canonical information: the ledger's `infoHash`. */
export function infoHashOf(info: ElectionInfo): string {
  return base64urlEncode(sha256(canonicalBytes(info)));
}

export function draftOf(input: ElectionInput, manifest: Manifest, info: ElectionInfo, retentionDays: number): ElectionDraft {
  return {
    v: 1,
    manifest,
    organizationId: input.organizationId,
    infoHash: infoHashOf(info),
    schedule: input.schedule,
    keyHolders: input.keyHolders,
    channels: input.channels,
    resultsVisibility: input.resultsVisibility,
    tallyShardDigits: shardDigitsFor(input.expectedVoters ?? 1000),
    retentionDays: Math.max(1, retentionDays),
  };
}

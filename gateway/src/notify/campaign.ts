/**
 * Invitations and reminders for a roll: a plan (per-message SMS/LMS class, problems and a cost
 * estimate, without sending) and the send. Reminders go only to voters who have not voted, as
 * told by the `hasVoted` callback (wired to the ledger's turnout collection by the lead).
 *
 * @module
 */
import type { FeeTable } from '../config.js';
import type { Voter } from '../storage/voters.js';
import { estimateCost, type CostEstimate } from './cost.js';
import type { Notifier } from './notifier.js';
import { measureSms } from './sms.js';
import { renderTemplate } from './templates.js';

export interface CampaignInput {
  readonly kind: 'invitation' | 'reminder';
  readonly electionId: string;
  readonly electionTitle: string;
  /** As shown to voters, e.g. `2026-12-03 18:00 (KST)`. */
  readonly deadline: string;
  readonly template: string;
  /** Preferred channel; voters without that contact get the other one. */
  readonly channel: 'sms' | 'email';
  readonly voters: readonly Voter[];
  readonly hasVoted: (voterId: string) => Promise<boolean>;
  /**
   * The personal link for one voter. Only token hashes are stored, so each call normally issues
   * a fresh link token (see security/links.ts).
   */
  readonly linkFor: (voter: Voter) => Promise<string>;
  readonly subject?: string;
}

export interface CampaignPlan {
  readonly recipients: number;
  readonly skippedVoted: number;
  readonly skippedNoContact: number;
  readonly byChannel: { readonly sms: number; readonly lms: number; readonly email: number };
  readonly tooLong: number;
  readonly unsupportedCharacters: readonly string[];
  readonly estimate: CostEstimate;
}

/** A link of the same length as a real one, for planning without issuing tokens. */
const SAMPLE_LINK_LENGTH = 'https://vote.example.kr/v/'.length + 43;

interface Planned {
  readonly voter: Voter;
  readonly channel: 'sms' | 'email';
  readonly to: string;
}

async function recipients(input: CampaignInput): Promise<{ planned: Planned[]; voted: number; noContact: number }> {
  const planned: Planned[] = [];
  let voted = 0;
  let noContact = 0;
  for (const v of input.voters) {
    if (input.kind === 'reminder' && (await input.hasVoted(v.voterId))) {
      voted++;
      continue;
    }
    const phone = v.phone;
    const email = v.email;
    if (input.channel === 'sms' && phone !== null) planned.push({ voter: v, channel: 'sms', to: phone });
    else if (input.channel === 'email' && email !== null) planned.push({ voter: v, channel: 'email', to: email });
    else if (phone !== null) planned.push({ voter: v, channel: 'sms', to: phone });
    else if (email !== null) planned.push({ voter: v, channel: 'email', to: email });
    else noContact++;
  }
  return { planned, voted, noContact };
}

export async function planCampaign(input: CampaignInput, fees: FeeTable, publicBaseUrl: string): Promise<CampaignPlan> {
  const { planned, voted, noContact } = await recipients(input);
  const sampleLink = `${publicBaseUrl}/v/`.padEnd(Math.max(SAMPLE_LINK_LENGTH, publicBaseUrl.length + 46), 'x');
  const byChannel = { sms: 0, lms: 0, email: 0 };
  let tooLong = 0;
  const unsupported = new Set<string>();
  for (const p of planned) {
    const body = renderTemplate(input.template, {
      name: p.voter.name,
      electionTitle: input.electionTitle,
      deadline: input.deadline,
      link: sampleLink,
    });
    if (p.channel === 'email') {
      byChannel.email++;
      continue;
    }
    const m = measureSms(body);
    m.unsupported.forEach((c) => unsupported.add(c));
    if (m.class === 'too-long') tooLong++;
    else byChannel[m.class]++;
  }
  return {
    recipients: planned.length,
    skippedVoted: voted,
    skippedNoContact: noContact,
    byChannel,
    tooLong,
    unsupportedCharacters: [...unsupported],
    estimate: estimateCost({ messages: byChannel }, fees),
  };
}

export interface CampaignResult {
  readonly sent: number;
  readonly failed: number;
  readonly skippedVoted: number;
  readonly skippedNoContact: number;
}

export async function sendCampaign(input: CampaignInput, notifier: Notifier): Promise<CampaignResult> {
  const { planned, voted, noContact } = await recipients(input);
  let sent = 0;
  let failed = 0;
  for (const p of planned) {
    const body = renderTemplate(input.template, {
      name: p.voter.name,
      electionTitle: input.electionTitle,
      deadline: input.deadline,
      link: await input.linkFor(p.voter),
    });
    const msg = await notifier.send({
      electionId: input.electionId,
      voterId: p.voter.voterId,
      kind: input.kind,
      channel: p.channel,
      to: p.to,
      body,
      ...(input.subject === undefined ? {} : { subject: input.subject }),
    });
    if (msg.status === 'failed') failed++;
    else sent++;
  }
  return { sent, failed, skippedVoted: voted, skippedNoContact: noContact };
}

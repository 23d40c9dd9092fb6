/**
 * Identity checks (본인확인) behind one interface: `start` → a challenge, `verify` → a result.
 * Development providers check the roll (name + birth date) or send a 6-digit SMS code through
 * the notification provider; real carrier / I-PIN / ARS providers plug in by configuration
 * (registry keyed by name; unknown names fail at startup). Every verification is logged
 * (method, outcome, time; no PII) for the fee statement.
 *
 * @module
 */
import type { IdentityOutcome, IdentityRepo } from '../storage/identity.js';

export type IdentityField = 'name' | 'birthDate' | 'code';

export interface IdentityContext {
  readonly electionId: string;
  readonly voterId: string;
  readonly now: number;
}

export interface IdentityChallenge {
  readonly challengeId: string;
  readonly method: string;
  /** What the voter must enter. */
  readonly fields: readonly IdentityField[];
  readonly expiresAt: string;
  /** Masked destination of a code, e.g. `010-****-5678`. */
  readonly sentTo?: string;
}

export type IdentityResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'mismatch' | 'expired' | 'exhausted' | 'unavailable' };

export interface IdentityProvider {
  /** Also the fee-table key: `birthdate`, `sms-code`, `ipin`, `ars`, `carrier`. */
  readonly method: string;
  readonly label: { readonly ko: string; readonly en: string };
  /** Whether the check reaches the voter at the roll's mobile number (SMS code, ARS call, carrier check). */
  readonly usesRollPhone: boolean;
  start(ctx: IdentityContext): Promise<IdentityChallenge>;
  verify(ctx: IdentityContext, challengeId: string, response: Readonly<Record<string, string>>): Promise<IdentityResult>;
}

const outcomeOf = (r: IdentityResult): IdentityOutcome =>
  r.ok ? 'success' : r.reason === 'mismatch' ? 'failure' : r.reason === 'unavailable' ? 'error' : r.reason === 'expired' ? 'expired' : 'locked';

/** The active providers, in configured order; logs every verification. */
export class IdentityRegistry {
  readonly #providers: ReadonlyMap<string, IdentityProvider>;
  readonly #log: IdentityRepo;

  constructor(providers: readonly IdentityProvider[], log: IdentityRepo) {
    this.#providers = new Map(providers.map((p) => [p.method, p]));
    this.#log = log;
  }

  get methods(): { method: string; label: { ko: string; en: string } }[] {
    return [...this.#providers.values()].map((p) => ({ method: p.method, label: p.label }));
  }

  /** What a voter of an election may use: the election's own method if active here, else every active one. */
  forElection(chosen: string | undefined): { method: string; label: { ko: string; en: string } }[] {
    const only = this.methods.filter((m) => m.method === chosen);
    return only.length > 0 ? only : this.methods;
  }

  /**
   * The methods that make a mobile number on the roll necessary for an election: all it offers,
   * when every one of them reaches the voter at that number; none when any does not.
   */
  phoneNeededBy(chosen: string | undefined): string[] {
    const offered = this.forElection(chosen).map((m) => this.#providers.get(m.method) as IdentityProvider);
    return offered.every((p) => p.usesRollPhone) ? offered.map((p) => p.method) : [];
  }

  has(method: string): boolean {
    return this.#providers.has(method);
  }

  start(method: string, ctx: IdentityContext): Promise<IdentityChallenge> {
    const p = this.#providers.get(method);
    if (p === undefined) throw new RangeError(`identity method ${method} is not active`);
    return p.start(ctx);
  }

  async verify(method: string, ctx: IdentityContext, challengeId: string, response: Readonly<Record<string, string>>): Promise<IdentityResult> {
    const p = this.#providers.get(method);
    if (p === undefined) throw new RangeError(`identity method ${method} is not active`);
    let result: IdentityResult;
    try {
      result = await p.verify(ctx, challengeId, response);
    } catch {
      result = { ok: false, reason: 'unavailable' };
    }
    this.#log.log(ctx.electionId, method, outcomeOf(result), ctx.now);
    return result;
  }
}

export type IdentityProviderFactory<D> = (deps: D) => IdentityProvider;

/**
 * Builds the configured providers from `factories`; throws at startup, naming the unknown
 * ones, if a configured name has no factory.
 */
export function createIdentityProviders<D>(
  names: readonly string[],
  factories: Readonly<Record<string, IdentityProviderFactory<D>>>,
  deps: D,
): IdentityProvider[] {
  const unknown = names.filter((n) => factories[n] === undefined);
  if (unknown.length > 0) {
    throw new Error(`Unknown identity provider(s) ${unknown.join(', ')}; known: ${Object.keys(factories).join(', ')}`);
  }
  return names.map((n) => (factories[n] as IdentityProviderFactory<D>)(deps));
}

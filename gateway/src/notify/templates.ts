/**
 * Message templates with `{name}`, `{electionTitle}`, `{link}`, `{deadline}` (and `{code}` for
 * verification codes). Unknown placeholders are rejected when a template is checked, missing
 * values when it is rendered, so a message never goes out with a raw `{…}` in it.
 *
 * @module
 */
export const PLACEHOLDERS = ['name', 'electionTitle', 'link', 'deadline', 'code'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateVars = Partial<Record<Placeholder, string>>;

export type TemplateKind = 'invitation' | 'reminder' | 'sms-code' | 'results';

/** Korean first (the default), English second. Short enough that most invitations fit an LMS. */
export const DEFAULT_TEMPLATES: Readonly<Record<TemplateKind, { readonly ko: string; readonly en: string }>> = {
  invitation: {
    ko: '[{electionTitle}] {name}님, 온라인 투표에 참여해 주세요. 투표 마감: {deadline}\n개인 투표 링크(다른 사람에게 전달하지 마세요): {link}',
    en: '[{electionTitle}] {name}, please cast your vote online by {deadline}.\nYour personal voting link (do not share it): {link}',
  },
  reminder: {
    ko: '[{electionTitle}] {name}님, 아직 투표하지 않으셨습니다. 마감: {deadline}\n{link}',
    en: '[{electionTitle}] {name}, you have not voted yet. Voting closes {deadline}.\n{link}',
  },
  'sms-code': {
    ko: '[BallotLedger] 인증번호 {code}를 입력해 주세요. 타인에게 알려주지 마세요.',
    en: '[BallotLedger] Your verification code is {code}. Do not share it.',
  },
  results: {
    ko: '[{electionTitle}] 개표 결과가 공개되었습니다: {link}',
    en: '[{electionTitle}] The results are published: {link}',
  },
};

const TOKEN = /\{([A-Za-z]+)\}/g;

/** The placeholders a template uses; throws on unknown ones. */
export function checkTemplate(template: string): Placeholder[] {
  const used = new Set<Placeholder>();
  const unknown: string[] = [];
  for (const m of template.matchAll(TOKEN)) {
    const name = m[1] ?? '';
    if ((PLACEHOLDERS as readonly string[]).includes(name)) used.add(name as Placeholder);
    else unknown.push(`{${name}}`);
  }
  if (unknown.length > 0) throw new TemplateError(`Unknown placeholder(s) ${unknown.join(', ')}; allowed: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
  return [...used];
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

export function renderTemplate(template: string, vars: TemplateVars): string {
  checkTemplate(template);
  return template.replace(TOKEN, (_m, name: string) => {
    const v = vars[name as Placeholder];
    if (v === undefined) throw new TemplateError(`No value for {${name}}`);
    return v;
  });
}

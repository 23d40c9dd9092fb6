// The election wizard: details → contests and candidates → schedule → key holders → access →
// messages → ballot preview (the voter components themselves) → save.
import type { Contest, Manifest } from '@ballotledger/core';
import { useEffect, useRef, useState } from 'react';
import { api, enc, get, post, put } from '../api';
import { Busy, ErrorBox, Field, Notice, useFocusHeading } from '../components/common';
import { formatDateTime, formatKrw, isoToKstLocal, kstLocalToIso, smsBytes } from '../format';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import type { AdminElection, CandidateInput, Channel, ContestInput, ContestType, CostEstimate, ElectionInfo, ElectionInput } from '../types';
import { ContestView, emptyAnswer, type Answer } from '../voter/ballot';
import { infoFromInput, manifestFromInput } from './manifest';
import { blackoutOfError, overlapping, useBlackouts, useServiceInfo } from '../desk/common';
import type { Blackout } from '../desk/types';
import type { StaffSession } from '../types';

/** A `409 Blackout` refusal: which period, in KST, and what to do. */
function BlackoutRefusal(props: { error: unknown; list: readonly Blackout[] | null; onSchedule: () => void }) {
  const { t, lang } = useI18n();
  const b = blackoutOfError(props.error, props.list);
  if (b === null) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid="blackout-refusal">
      <p>
        <strong>{t('blackout.refused')}</strong>
      </p>
      {'from' in b ? <p>{t('blackout.refusedPeriod', { from: formatDateTime(b.from, lang), to: formatDateTime(b.to, lang), reason: b.reason })}</p> : <p>{b.message}</p>}
      <p>{t('blackout.refusedHint')}</p>
      <button type="button" className="btn btn-secondary" onClick={props.onSchedule}>
        {t('blackout.toSchedule')}
      </button>
    </div>
  );
}

const STEPS = ['details', 'contests', 'schedule', 'holders', 'access', 'messages', 'preview'] as const;
type StepName = (typeof STEPS)[number];

const DEFAULT_INVITATION = '[{electionTitle}] {name}님, 온라인 투표에 참여해 주세요. 투표 마감: {deadline}\n개인 투표 링크(다른 사람에게 전달하지 마세요): {link}';
const DEFAULT_REMINDER = '[{electionTitle}] {name}님, 아직 투표하지 않으셨습니다. 마감: {deadline}\n{link}';
const PLACEHOLDERS = ['{name}', '{electionTitle}', '{link}', '{deadline}'];

function newInput(): ElectionInput {
  const now = Date.now();
  const day = 86_400_000;
  return {
    electionId: '',
    title: '',
    descriptionMarkdown: null,
    organizationId: '',
    schedule: { opensAt: new Date(Math.ceil((now + day) / 3_600_000) * 3_600_000).toISOString(), closesAt: new Date(Math.ceil((now + 2 * day) / 3_600_000) * 3_600_000).toISOString() },
    contests: [],
    keyHolders: [],
    threshold: 1,
    identityMethod: 'birthdate',
    channels: ['web', 'mobile'],
    resultsVisibility: 'public',
    templates: { invitation: DEFAULT_INVITATION, reminder: DEFAULT_REMINDER },
  };
}

function newContest(n: number, type: ContestType): ContestInput {
  const base: ContestInput = { contestId: `contest-${n}`, label: '', description: null, type, abstain: false, candidates: [] };
  if (type === 'choice') return { ...base, min: 1, max: 1 };
  if (type === 'score') return { ...base, maxScore: 5 };
  if (type === 'scale') return { ...base, lo: 1, hi: 5 };
  return base;
}

function newCandidate(n: number): CandidateInput {
  return { optionId: `cand-${n}`, number: n, name: '', party: null, photoSha256: null, profileMarkdown: null };
}

function problems(input: ElectionInput, t: ReturnType<typeof useI18n>['t']): Partial<Record<StepName, string[]>> {
  const out: Partial<Record<StepName, string[]>> = {};
  const add = (s: StepName, m: string): void => {
    (out[s] ??= []).push(m);
  };
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(input.electionId)) add('details', t('wiz.err.electionId'));
  if (input.title.trim() === '') add('details', t('wiz.err.title'));
  if (input.organizationId.trim() === '') add('details', t('wiz.err.org'));
  if (input.contests.length === 0) add('contests', t('wiz.err.noContests'));
  input.contests.forEach((c, i) => {
    if (c.label.trim() === '') add('contests', t('wiz.err.contestLabel', { n: i + 1 }));
    if ((c.type === 'choice' || c.type === 'score') && c.candidates.length < 1) add('contests', t('wiz.err.candidates', { n: i + 1 }));
    if (c.candidates.some((x) => x.name.trim() === '')) add('contests', t('wiz.err.candidateName', { n: i + 1 }));
    if (c.type === 'choice' && ((c.min ?? 1) > (c.max ?? 1) || (c.max ?? 1) > c.candidates.length)) add('contests', t('wiz.err.minMax', { n: i + 1 }));
  });
  const o = new Date(input.schedule.opensAt).getTime();
  const cl = new Date(input.schedule.closesAt).getTime();
  if (!(o < cl)) add('schedule', t('wiz.err.schedule'));
  if (input.keyHolders.length < 1) add('holders', t('wiz.err.holders'));
  if (input.threshold < 1 || input.threshold > input.keyHolders.length) add('holders', t('wiz.err.threshold'));
  if (input.keyHolders.some((h) => h.name.trim() === '' || h.mspId.trim() === '' || h.enrollmentId.trim() === '')) add('holders', t('wiz.err.holderFields'));
  if (input.channels.length === 0) add('access', t('wiz.err.channels'));
  if (!input.templates.invitation.includes('{link}') || !input.templates.reminder.includes('{link}')) add('messages', t('wiz.err.link'));
  return out;
}

export function Wizard(props: { electionId?: string; session?: StaffSession }) {
  const { t } = useI18n();
  const orgLocked = props.session?.user.role === 'orgadmin' && props.session.user.orgId !== null ? props.session.user.orgId : null;
  const [input, setInput] = useState<ElectionInput | null>(props.electionId === undefined ? { ...newInput(), organizationId: orgLocked ?? '' } : null);
  const { info } = useServiceInfo();
  const blackouts = useBlackouts();
  // Commission staff: the organization id defaults to this commission's MSP id (once known).
  useEffect(() => {
    if (props.electionId === undefined && orgLocked === null && info !== null) setInput((x) => (x !== null && x.organizationId === '' ? { ...x, organizationId: info.own } : x));
  }, [info, orgLocked, props.electionId]);
  const [step, setStep] = useState<StepName>('details');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [profiles, setProfiles] = useState<Map<string, string>>(new Map());
  const [showErrors, setShowErrors] = useState(false);
  const heading = useFocusHeading<HTMLHeadingElement>(step);
  useEffect(() => {
    if (props.electionId === undefined) return;
    get<AdminElection>(`/api/admin/elections/${enc(props.electionId)}`).then((e) => setInput(e.input), setError);
  }, [props.electionId]);
  if (input === null) return error !== null ? <ErrorBox error={error} /> : <Busy label={t('loading')} />;
  const set = (patch: Partial<ElectionInput>): void => setInput({ ...input, ...patch });
  const probs = problems(input, t);
  const idx = STEPS.indexOf(step);
  const save = async (): Promise<void> => {
    if (Object.keys(probs).length > 0) {
      setShowErrors(true);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const e =
        props.electionId === undefined
          ? await post<AdminElection>('/api/admin/elections', input)
          : await put<AdminElection>(`/api/admin/elections/${enc(props.electionId)}`, input);
      navigate(`/admin/elections/${enc(e.electionId)}`);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="wizard">
      <h1>{props.electionId === undefined ? t('wiz.newTitle') : t('wiz.editTitle', { id: props.electionId })}</h1>
      <nav aria-label={t('wiz.steps')}>
        <ol className="stepper">
          {STEPS.map((s, i) => (
            <li key={s} className={s === step ? 'current' : probs[s] && showErrors ? 'has-error' : ''}>
              <button type="button" className="step-btn" aria-current={s === step ? 'step' : undefined} onClick={() => setStep(s)}>
                <span className="step-num" aria-hidden="true">
                  {i + 1}
                </span>
                {t(`wiz.step.${s}`)}
                {probs[s] && showErrors ? <span className="sr-only"> ({t('wiz.hasProblems')})</span> : null}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <section className="wizard-panel" aria-labelledby="wiz-step-title">
        <h2 id="wiz-step-title" ref={heading} tabIndex={-1}>
          {idx + 1}. {t(`wiz.step.${step}`)}
        </h2>
        {showErrors && probs[step] && (
          <div className="alert alert-error" role="alert">
            <ul>
              {probs[step]!.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        {step === 'details' && <DetailsStep input={input} set={set} editing={props.electionId !== undefined} orgLocked={orgLocked} own={info?.own ?? null} />}
        {step === 'contests' && <ContestsStep input={input} set={set} profiles={profiles} setProfiles={setProfiles} />}
        {step === 'schedule' && <ScheduleStep input={input} set={set} blackouts={blackouts.list} />}
        {step === 'holders' && <HoldersStep input={input} set={set} />}
        {step === 'access' && <AccessStep input={input} set={set} />}
        {step === 'messages' && <MessagesStep input={input} set={set} />}
        {step === 'preview' && <BallotPreviewFromInput input={input} profiles={profiles} />}
      </section>
      {blackoutOfError(error, blackouts.list) !== null ? <BlackoutRefusal error={error} list={blackouts.list} onSchedule={() => setStep('schedule')} /> : <ErrorBox error={error} />}
      {showErrors && Object.keys(probs).length > 0 && (
        <Notice kind="error" role="alert">
          {t('wiz.fixFirst', { steps: Object.keys(probs).map((s) => t(`wiz.step.${s as StepName}`)).join(', ') })}
        </Notice>
      )}
      <div className="actions actions-split">
        <button type="button" className="btn btn-secondary" disabled={idx === 0} onClick={() => setStep(STEPS[idx - 1]!)}>
          {t('back')}
        </button>
        {idx < STEPS.length - 1 ? (
          <button type="button" className="btn btn-primary" onClick={() => setStep(STEPS[idx + 1]!)}>
            {t('next')}
          </button>
        ) : (
          <button type="button" className="btn btn-primary" disabled={saving} onClick={() => void save()}>
            {props.electionId === undefined ? t('wiz.create') : t('wiz.save')}
          </button>
        )}
      </div>
    </div>
  );
}

type StepProps = { input: ElectionInput; set: (p: Partial<ElectionInput>) => void };

function DetailsStep(props: StepProps & { editing: boolean; orgLocked: string | null; own: string | null }) {
  const { t } = useI18n();
  const { input, set } = props;
  return (
    <>
      <Field label={t('wiz.electionId')} hint={t('wiz.electionIdHint')}>
        {(id, d) => <input id={id} aria-describedby={d} value={input.electionId} disabled={props.editing} onChange={(e) => set({ electionId: e.target.value.trim() })} />}
      </Field>
      <Field label={t('wiz.titleField')}>{(id) => <input id={id} value={input.title} onChange={(e) => set({ title: e.target.value })} />}</Field>
      <Field label={t('wiz.org')} hint={props.orgLocked !== null ? t('wiz.orgLocked', { org: props.orgLocked }) : props.own !== null ? t('wiz.orgDefault', { org: props.own }) : undefined}>
        {(id, d) => <input id={id} aria-describedby={d} className="mono" value={input.organizationId} readOnly={props.orgLocked !== null} onChange={(e) => set({ organizationId: e.target.value })} />}
      </Field>
      <Field label={t('wiz.description')} hint={t('wiz.markdownHint')}>
        {(id, d) => <textarea id={id} aria-describedby={d} rows={4} value={input.descriptionMarkdown ?? ''} onChange={(e) => set({ descriptionMarkdown: e.target.value === '' ? null : e.target.value })} />}
      </Field>
    </>
  );
}

function ContestsStep(props: StepProps & { profiles: Map<string, string>; setProfiles: (m: Map<string, string>) => void }) {
  const { t } = useI18n();
  const { input, set } = props;
  const [type, setType] = useState<ContestType>('choice');
  const update = (i: number, c: ContestInput): void => set({ contests: input.contests.map((x, j) => (j === i ? c : x)) });
  return (
    <>
      {input.contests.map((c, i) => (
        <ContestEditor
          key={i}
          index={i}
          contest={c}
          onChange={(x) => update(i, x)}
          onRemove={() => set({ contests: input.contests.filter((_, j) => j !== i) })}
          profiles={props.profiles}
          setProfiles={props.setProfiles}
        />
      ))}
      <div className="add-row">
        <Field label={t('wiz.contestType')}>
          {(id) => (
            <select id={id} value={type} onChange={(e) => setType(e.target.value as ContestType)}>
              {(['choice', 'yesno', 'score', 'scale'] as const).map((ct) => (
                <option key={ct} value={ct}>
                  {t(`type.${ct}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" className="btn" onClick={() => set({ contests: [...input.contests, newContest(input.contests.length + 1, type)] })}>
          {t('wiz.addContest')}
        </button>
      </div>
    </>
  );
}

function NumberInput(props: { label: string; value: number | undefined; min?: number; max?: number; onChange: (n: number) => void }) {
  return (
    <Field label={props.label}>
      {(id) => <input id={id} type="number" inputMode="numeric" min={props.min} max={props.max} value={props.value ?? ''} onChange={(e) => props.onChange(Number(e.target.value))} className="input-narrow" />}
    </Field>
  );
}

function ContestEditor(props: { index: number; contest: ContestInput; onChange: (c: ContestInput) => void; onRemove: () => void; profiles: Map<string, string>; setProfiles: (m: Map<string, string>) => void }) {
  const { t } = useI18n();
  const c = props.contest;
  const set = (p: Partial<ContestInput>): void => props.onChange({ ...c, ...p });
  const hasCandidates = c.type === 'choice' || c.type === 'score';
  return (
    <fieldset className="contest-editor">
      <legend>
        {t('wiz.contestN', { n: props.index + 1 })} · {t(`type.${c.type}`)}
      </legend>
      <Field label={t('wiz.contestLabel')}>{(id) => <input id={id} value={c.label} onChange={(e) => set({ label: e.target.value })} />}</Field>
      <Field label={t('wiz.contestDesc')}>{(id) => <input id={id} value={c.description ?? ''} onChange={(e) => set({ description: e.target.value === '' ? null : e.target.value })} />}</Field>
      <div className="row">
        {c.type === 'choice' && (
          <>
            <NumberInput label={t('wiz.min')} value={c.min} min={0} onChange={(n) => set({ min: n })} />
            <NumberInput label={t('wiz.max')} value={c.max} min={1} onChange={(n) => set({ max: n })} />
          </>
        )}
        {c.type === 'score' && (
          <>
            <NumberInput label={t('wiz.maxScore')} value={c.maxScore} min={1} max={100} onChange={(n) => set({ maxScore: n })} />
            <NumberInput label={t('wiz.maxTotal')} value={c.maxTotal} min={0} onChange={(n) => set(n > 0 ? { maxTotal: n } : { maxTotal: undefined })} />
          </>
        )}
        {c.type === 'scale' && (
          <>
            <NumberInput label={t('wiz.lo')} value={c.lo} min={0} onChange={(n) => set({ lo: n })} />
            <NumberInput label={t('wiz.hi')} value={c.hi} min={1} onChange={(n) => set({ hi: n })} />
          </>
        )}
      </div>
      <label className="check">
        <input type="checkbox" checked={c.abstain} onChange={(e) => set({ abstain: e.target.checked })} />
        {t('wiz.abstain')}
      </label>
      {hasCandidates && (
        <div className="candidates">
          <h3>{t('wiz.candidates')}</h3>
          {c.candidates.map((x, i) => (
            <CandidateEditor
              key={i}
              contestId={c.contestId}
              candidate={x}
              onChange={(nx) => set({ candidates: c.candidates.map((y, j) => (j === i ? nx : y)) })}
              onRemove={() => set({ candidates: c.candidates.filter((_, j) => j !== i) })}
              profiles={props.profiles}
              setProfiles={props.setProfiles}
            />
          ))}
          <button type="button" className="btn btn-secondary" onClick={() => set({ candidates: [...c.candidates, newCandidate(c.candidates.length + 1)] })}>
            {t('wiz.addCandidate')}
          </button>
        </div>
      )}
      <div className="actions">
        <button type="button" className="btn btn-danger" onClick={props.onRemove}>
          {t('wiz.removeContest')}
        </button>
      </div>
    </fieldset>
  );
}

function CandidateEditor(props: { contestId: string; candidate: CandidateInput; onChange: (c: CandidateInput) => void; onRemove: () => void; profiles: Map<string, string>; setProfiles: (m: Map<string, string>) => void }) {
  const { t } = useI18n();
  const c = props.candidate;
  const [error, setError] = useState<unknown>(null);
  const [uploading, setUploading] = useState(false);
  const key = `${props.contestId}/${c.optionId}`;
  const set = (p: Partial<CandidateInput>): void => props.onChange({ ...c, ...p });
  const upload = async (file: File): Promise<void> => {
    setUploading(true);
    setError(null);
    try {
      const r = await api<{ sha256: string; url: string }>('POST', '/api/admin/photos', { raw: file, contentType: file.type || 'application/octet-stream' });
      set({ photoSha256: r.sha256 });
    } catch (e) {
      setError(e);
    } finally {
      setUploading(false);
    }
  };
  const preview = async (): Promise<void> => {
    setError(null);
    try {
      const r = await post<{ html: string }>('/api/admin/content/preview', { markdown: c.profileMarkdown ?? '' });
      const m = new Map(props.profiles);
      m.set(key, r.html);
      props.setProfiles(m);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div className="candidate-editor">
      <div className="row">
        <NumberInput label={t('wiz.candNumber')} value={c.number ?? undefined} min={1} onChange={(n) => set({ number: Number.isFinite(n) && n > 0 ? n : null })} />
        <Field label={t('wiz.candName')}>{(id) => <input id={id} value={c.name} onChange={(e) => set({ name: e.target.value })} />}</Field>
        <Field label={t('wiz.candParty')}>{(id) => <input id={id} value={c.party ?? ''} onChange={(e) => set({ party: e.target.value === '' ? null : e.target.value })} />}</Field>
      </div>
      <div className="row">
        {c.photoSha256 !== null && <img className="cand-photo" src={`/api/photos/${c.photoSha256}`} alt={t('ballot.photoAlt', { name: c.name })} width={56} height={70} />}
        <Field label={t('wiz.candPhoto')} hint={t('wiz.candPhotoHint')}>
          {(id, d) => <input id={id} aria-describedby={d} type="file" accept="image/png,image/jpeg,image/webp" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />}
        </Field>
        {uploading && <Busy label={t('wiz.uploading')} />}
      </div>
      <Field label={t('wiz.candProfile')} hint={t('wiz.markdownHint')}>
        {(id, d) => <textarea id={id} aria-describedby={d} rows={3} value={c.profileMarkdown ?? ''} onChange={(e) => set({ profileMarkdown: e.target.value === '' ? null : e.target.value })} />}
      </Field>
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={() => void preview()}>
          {t('wiz.previewProfile')}
        </button>
        <button type="button" className="btn btn-danger" onClick={props.onRemove}>
          {t('wiz.removeCandidate')}
        </button>
      </div>
      {props.profiles.has(key) && <div className="profile-html profile-preview" aria-label={t('wiz.profilePreview')} dangerouslySetInnerHTML={{ __html: props.profiles.get(key)! }} />}
      <ErrorBox error={error} />
    </div>
  );
}

function ScheduleStep(props: StepProps & { blackouts: readonly Blackout[] | null }) {
  const { t, lang } = useI18n();
  const { input, set } = props;
  const clash = overlapping(props.blackouts, input.schedule.opensAt, input.schedule.closesAt);
  return (
    <>
      <p className="hint">{t('wiz.kstNote')}</p>
      <Field label={t('wiz.opensAt')}>
        {(id) => <input id={id} type="datetime-local" value={isoToKstLocal(input.schedule.opensAt)} onChange={(e) => set({ schedule: { ...input.schedule, opensAt: kstLocalToIso(e.target.value) } })} />}
      </Field>
      <Field label={t('wiz.closesAt')}>
        {(id) => <input id={id} type="datetime-local" value={isoToKstLocal(input.schedule.closesAt)} onChange={(e) => set({ schedule: { ...input.schedule, closesAt: kstLocalToIso(e.target.value) } })} />}
      </Field>
      <p>{t('voter.schedule', { opens: formatDateTime(input.schedule.opensAt, lang), closes: formatDateTime(input.schedule.closesAt, lang) })}</p>
      {clash !== undefined && (
        <Notice kind="warn" role="alert">
          {t('blackout.overlapWarn', { from: formatDateTime(clash.from, lang), to: formatDateTime(clash.to, lang), reason: clash.reason })}
        </Notice>
      )}
    </>
  );
}

function HoldersStep(props: StepProps) {
  const { t } = useI18n();
  const { input, set } = props;
  const update = (i: number, p: Partial<ElectionInput['keyHolders'][number]>): void => set({ keyHolders: input.keyHolders.map((h, j) => (j === i ? { ...h, ...p } : h)) });
  return (
    <>
      <p>{t('wiz.holdersExplain')}</p>
      {input.keyHolders.map((h, i) => (
        <fieldset key={i} className="holder-editor">
          <legend>{t('wiz.holderN', { n: h.index })}</legend>
          <div className="row">
            <Field label={t('wiz.holderName')}>{(id) => <input id={id} value={h.name} onChange={(e) => update(i, { name: e.target.value })} />}</Field>
            <Field label={t('wiz.holderMsp')}>{(id) => <input id={id} value={h.mspId} onChange={(e) => update(i, { mspId: e.target.value })} placeholder="CentralMSP" />}</Field>
            <Field label={t('wiz.holderEnroll')}>{(id) => <input id={id} value={h.enrollmentId} onChange={(e) => update(i, { enrollmentId: e.target.value })} />}</Field>
          </div>
          <button type="button" className="btn btn-danger" onClick={() => set({ keyHolders: input.keyHolders.filter((_, j) => j !== i).map((x, j) => ({ ...x, index: j + 1 })), threshold: Math.min(input.threshold, Math.max(1, input.keyHolders.length - 1)) })}>
            {t('wiz.removeHolder')}
          </button>
        </fieldset>
      ))}
      <button type="button" className="btn btn-secondary" onClick={() => set({ keyHolders: [...input.keyHolders, { index: input.keyHolders.length + 1, mspId: '', enrollmentId: '', name: '' }] })}>
        {t('wiz.addHolder')}
      </button>
      <NumberInput label={t('wiz.threshold')} value={input.threshold} min={1} max={Math.max(1, input.keyHolders.length)} onChange={(n) => set({ threshold: n })} />
      <p className="lead" role="status">
        {t('wiz.thresholdSentence', { t: input.threshold, n: input.keyHolders.length })}
      </p>
    </>
  );
}

function AccessStep(props: StepProps) {
  const { t } = useI18n();
  const { input, set } = props;
  const toggle = (c: Channel, on: boolean): void => set({ channels: on ? [...input.channels.filter((x) => x !== c), c] : input.channels.filter((x) => x !== c) });
  return (
    <>
      <fieldset className="field">
        <legend>{t('wiz.identity')}</legend>
        {(['birthdate', 'sms-code', 'carrier', 'ipin'] as const).map((m) => (
          <label key={m} className="check">
            <input type="radio" name="identity" checked={input.identityMethod === m} onChange={() => set({ identityMethod: m })} />
            {t(`identity.m.${m}`)}
          </label>
        ))}
        {input.identityMethod === 'birthdate' && <p className="hint">{t('wiz.birthdateWeak')}</p>}
      </fieldset>
      <fieldset className="field">
        <legend>{t('wiz.channels')}</legend>
        {(['web', 'mobile', 'kiosk'] as const).map((c) => (
          <label key={c} className="check">
            <input type="checkbox" checked={input.channels.includes(c)} onChange={(e) => toggle(c, e.target.checked)} />
            {t(`channel.${c}`)}
          </label>
        ))}
      </fieldset>
      <fieldset className="field">
        <legend>{t('wiz.visibility')}</legend>
        {(['public', 'voters', 'organization'] as const).map((v) => (
          <label key={v} className="check">
            <input type="radio" name="visibility" checked={input.resultsVisibility === v} onChange={() => set({ resultsVisibility: v })} />
            {t(`visibility.${v}`)}
          </label>
        ))}
      </fieldset>
    </>
  );
}

function TemplateEditor(props: { label: string; value: string; onChange: (v: string) => void; sample: Record<string, string> }) {
  const { t, lang } = useI18n();
  const ref = useRef<HTMLTextAreaElement>(null);
  const rendered = props.value.replace(/\{(\w+)\}/g, (m, k: string) => props.sample[k] ?? m);
  const bytes = smsBytes(rendered);
  const kind = bytes <= 90 ? 'sms' : bytes <= 2000 ? 'lms' : 'too-long';
  const [unit, setUnit] = useState<CostEstimate | null>(null);
  useEffect(() => {
    if (kind === 'too-long') return setUnit(null);
    const id = setTimeout(() => {
      post<CostEstimate>('/api/fees/estimate', { messages: { [kind]: 100 } }).then(setUnit, () => setUnit(null));
    }, 300);
    return () => clearTimeout(id);
  }, [kind]);
  const insert = (p: string): void => {
    const el = ref.current;
    if (el === null) return props.onChange(props.value + p);
    const s = el.selectionStart;
    const e = el.selectionEnd;
    props.onChange(props.value.slice(0, s) + p + props.value.slice(e));
  };
  const unknown = [...props.value.matchAll(/\{(\w+)\}/g)].map((m) => `{${m[1]}}`).filter((p) => !PLACEHOLDERS.includes(p));
  return (
    <div className="template-editor">
      <Field label={props.label} hint={t('wiz.placeholders')}>
        {(id, d) => <textarea id={id} ref={ref} aria-describedby={d} rows={4} value={props.value} onChange={(e) => props.onChange(e.target.value)} />}
      </Field>
      <div className="chips" role="group" aria-label={t('wiz.insertPlaceholder')}>
        {PLACEHOLDERS.map((p) => (
          <button key={p} type="button" className="chip" onClick={() => insert(p)}>
            {p}
          </button>
        ))}
      </div>
      {unknown.length > 0 && <p className="field-error">{t('wiz.unknownPlaceholder', { list: unknown.join(', ') })}</p>}
      <p className={`sms-meter sms-${kind}`} role="status" aria-live="polite">
        {t(`wiz.sms.${kind === 'too-long' ? 'tooLong' : kind}`, { bytes })}
        {unit !== null && ` · ${t('wiz.costPer100', { cost: formatKrw(unit.totalKrw, lang) })}`}
      </p>
      <details>
        <summary>{t('wiz.sample')}</summary>
        <pre className="sms-sample">{rendered}</pre>
      </details>
    </div>
  );
}

function MessagesStep(props: StepProps) {
  const { t, lang } = useI18n();
  const { input, set } = props;
  const sample = { name: '홍길동', electionTitle: input.title || '선거', link: `${window.location.origin}/v/${'x'.repeat(43)}`, deadline: formatDateTime(input.schedule.closesAt, lang) };
  return (
    <>
      <TemplateEditor label={t('wiz.invitation')} value={input.templates.invitation} onChange={(v) => set({ templates: { ...input.templates, invitation: v } })} sample={sample} />
      <TemplateEditor label={t('wiz.reminder')} value={input.templates.reminder} onChange={(v) => set({ templates: { ...input.templates, reminder: v } })} sample={sample} />
    </>
  );
}

function BallotPreviewFromInput(props: { input: ElectionInput; profiles: Map<string, string> }) {
  const { t } = useI18n();
  let manifest: Manifest | null = null;
  let err: unknown = null;
  try {
    manifest = manifestFromInput(props.input);
  } catch (e) {
    err = e;
  }
  if (manifest === null) {
    return (
      <Notice kind="error" role="alert">
        {t('wiz.previewInvalid')} {(err as Error)?.message}
      </Notice>
    );
  }
  return <BallotPreview manifest={manifest} info={infoFromInput(props.input, props.profiles)} />;
}

/** The voter's contest screens inside a phone-sized frame. */
export function BallotPreview(props: { manifest: Manifest; info: ElectionInfo }) {
  const { t } = useI18n();
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Answer[]>(() => props.manifest.contests.map(emptyAnswer));
  const contests = props.manifest.contests;
  const i = Math.min(index, contests.length - 1);
  const c: Contest | undefined = contests[i];
  const a = answers[i]?.length === c?.options.length ? answers[i]! : c ? emptyAnswer(c) : [];
  return (
    <div className="preview">
      <p className="hint">{t('wiz.previewNote')}</p>
      <div className="row">
        <label className="check">
          {t('wiz.previewContest')}{' '}
          <select value={i} onChange={(e) => setIndex(Number(e.target.value))}>
            {contests.map((x, k) => (
              <option key={x.contestId} value={k}>
                {k + 1}. {x.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="phone-frame" data-testid="ballot-preview">
        {c && <ContestView contest={c} info={props.info.contests.find((x) => x.contestId === c.contestId)} answer={a} onChange={(na) => setAnswers(contests.map((_, k) => (k === i ? na : (answers[k] ?? emptyAnswer(contests[k]!)))))} index={i} total={contests.length} showProblem />}
      </div>
    </div>
  );
}

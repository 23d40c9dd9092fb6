// Public service-desk pages: the application form (/apply), its status page with documents and
// (re)submission (/apply/status/<ref>#<access code>), the fee estimator (/fees) and the
// invitation of a new organization admin (/staff/invitation#<token>).
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, api, enc, post } from '../api';
import { Busy, ConfirmButton, CopyButton, ErrorBox, Field, Layout, Notice, useErrorText } from '../components/common';
import { CostTable } from '../components/cost';
import { formatKrw, formatNumber } from '../format';
import { useI18n } from '../i18n';
import type { Key } from '../messages';
import { Link, navigate } from '../router';
import type { CostEstimate } from '../types';
import {
  AppStatusBadge,
  ApplicationHistory,
  BlackoutTable,
  DocumentList,
  checkDocument,
  commissionName,
  competentFor,
  useBlackouts,
  useServiceInfo,
} from './common';
import { ContactAndPlannedSections, detailsOf, EditDetails, EMPTY_FORM, FormProblems, OrganizationTypeField, TextField, useApplicationForm } from './application-form';
import { RadioGroup } from './radio-group';
import {
  IDENTITY_METHODS,
  MAX_DOCUMENTS,
  REGIONS,
  TOKEN_HEADER,
  type ApplicationInput,
  type ApplicationView,
  type IdentityMethod,
  type Region,
} from './types';

const REF_PATTERN = /^APP-\d{4}-[0-9A-F]{8}$/;

// ---------------------------------------------------------------- the application form

export function ApplyPage() {
  const { t, lang } = useI18n();
  const { info, error: infoError } = useServiceInfo();
  const blackouts = useBlackouts();
  const form = useApplicationForm(EMPTY_FORM);
  const { f, set, errs, shown } = form;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [wrong, setWrong] = useState<{ competent: string; region: string } | null>(null);
  const wrongRef = useRef<HTMLDivElement>(null);
  /** An organization id the gateway said an approved organization already has. */
  const [taken, setTaken] = useState<string | null>(null);
  const own = info === null ? '' : commissionName(info, info.own, lang);
  const competent = f.region === '' ? null : competentFor(info, f.region);
  useEffect(() => {
    if (wrong !== null) wrongRef.current?.focus();
  }, [wrong]);

  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    setError(null);
    setWrong(null);
    if (!form.check()) return;
    const input: ApplicationInput = { organizationId: f.organizationId, region: f.region as Region, ...detailsOf(f) };
    setBusy(true);
    try {
      const r = await post<{ ref: string; accessToken: string }>('/api/applications', input);
      justCreated = r.ref;
      navigate(`/apply/status/${enc(r.ref)}#${r.accessToken}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'Conflict' && typeof e.details['competent'] === 'string') setWrong({ competent: e.details['competent'], region: input.region });
      else if (e instanceof ApiError && e.code === 'Conflict' && e.details['field'] === 'organizationId') setTaken(input.organizationId);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Layout title={t('apply.title')}>
      <h1>{t('apply.title')}</h1>
      <p className="lead">{t('apply.lead')}</p>
      <p className="hint">{t('apply.steps')}</p>
      {info !== null && <Notice kind="info">{t('apply.thisCommission', { name: own })}</Notice>}
      <ErrorBox error={infoError} />
      <details className="panel-details">
        <summary>{t('apply.whoHandles')}</summary>
        {info !== null && (
          <table className="table" data-testid="commissions">
            <thead>
              <tr>
                <th scope="col">{t('apply.colRegion')}</th>
                <th scope="col">{t('apply.colCommission')}</th>
              </tr>
            </thead>
            <tbody>
              {REGIONS.map((r) => {
                const c = competentFor(info, r);
                return (
                  <tr key={r}>
                    <th scope="row">{t(`region.${r}`)}</th>
                    <td>
                      {c === null ? '–' : commissionName(info, c, lang)} {c === info.own && <strong>{t('apply.here')}</strong>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </details>
      {blackouts.list !== null && blackouts.list.length > 0 && (
        <details className="panel-details">
          <summary>{t('blackout.title')}</summary>
          <p className="hint">{t('blackout.lead')}</p>
          <BlackoutTable list={blackouts.list} />
        </details>
      )}

      <form noValidate onSubmit={(ev) => void submit(ev)} className="apply-form">
        <FormProblems form={form} />
        <section className="form-section" aria-labelledby="apply-org">
          <h2 id="apply-org">{t('apply.orgSection')}</h2>
          <TextField form={form} id="organizationName" label={t('apply.orgName')} autoComplete="organization" />
          <TextField form={form} id="organizationId" label={t('apply.orgId')} hint={t('apply.orgIdHint')} className="mono" />
          {taken !== null && taken === f.organizationId && (
            <Notice kind="error" role="alert">
              {t('apply.orgIdTaken', { id: taken })}
            </Notice>
          )}
          <OrganizationTypeField form={form} />
          <RadioGroup
            legend={t('apply.region')}
            name="region"
            value={f.region}
            options={REGIONS}
            label={(v) => t(`region.${v}`)}
            hint={(v) => t(`region.${v}.hint`)}
            onChange={(v) => {
              set({ region: v });
              setWrong(null);
            }}
            error={shown && errs.region ? t('apply.chooseOne') : null}
            after={
              <p className={competent !== null && info !== null && competent !== info.own ? 'alert alert-warn region-note' : 'region-note hint'} role="status">
                {competent === null || info === null
                  ? ''
                  : competent === info.own
                    ? t('apply.regionHandled', { name: commissionName(info, competent, lang) })
                    : t('apply.regionElsewhere', { name: commissionName(info, competent, lang), own })}
              </p>
            }
          />
        </section>
        <ContactAndPlannedSections form={form} idPrefix="apply" blackouts={blackouts.list} />
        {wrong !== null && info !== null && (
          <div className="alert alert-error" role="alert" tabIndex={-1} ref={wrongRef} data-testid="wrong-commission">
            <strong>{t('apply.wrongCommission', { name: commissionName(info, wrong.competent, lang) })}</strong>
            <p>{t('apply.wrongCommissionBody', { region: t(`region.${wrong.region as Region}`), name: commissionName(info, wrong.competent, lang) })}</p>
          </div>
        )}
        <ErrorBox error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {t('apply.create')}
        </button>
        {busy && <Busy label={t('loading')} />}
      </form>
      <p>
        <Link to="/apply/status">{t('home.applyStatus')}</Link> · <Link to="/fees">{t('home.fees')}</Link>
      </p>
    </Layout>
  );
}


/** The application just created in this tab: its status page greets it as new. */
let justCreated: string | null = null;

// ---------------------------------------------------------------- the status page

function RefBox(props: { refNo: string; token: string }) {
  const { t } = useI18n();
  const link = `${window.location.origin}/apply/status/${props.refNo}#${props.token}`;
  return (
    <div className="ref-box" data-testid="ref-box">
      <p className="tracker-label">{t('ref.title')}</p>
      <p className="ref-number mono">{props.refNo}</p>
      <p className="tracker-label">{t('ref.link')}</p>
      <p className="mono break ref-link">{link}</p>
      <div className="actions">
        <CopyButton text={link} label={t('ref.copy')} />
      </div>
      <p className="ref-keep">
        <strong>⚠ {t('ref.keep')}</strong>
      </p>
    </div>
  );
}

export function StatusPage(props: { refNo: string | null }) {
  const { t } = useI18n();
  const token = window.location.hash.length > 1 ? decodeURIComponent(window.location.hash.slice(1)) : '';
  if (props.refNo === null || token === '' || !REF_PATTERN.test(props.refNo)) {
    return (
      <Layout title={t('status.title')}>
        <h1>{t('status.title')}</h1>
        {props.refNo !== null && token === '' && <Notice kind="warn">{t('status.noToken')}</Notice>}
        <StatusLookup initialRef={props.refNo ?? ''} />
      </Layout>
    );
  }
  return <ApplicationStatus key={`${props.refNo}#${token}`} refNo={props.refNo} token={token} />;
}

function StatusLookup(props: { initialRef: string }) {
  const { t } = useI18n();
  const [ref, setRef] = useState(props.initialRef);
  const [token, setToken] = useState('');
  const [bad, setBad] = useState(false);
  return (
    <form
      onSubmit={(ev) => {
        ev.preventDefault();
        const r = ref.trim().toUpperCase();
        const tk = token.trim().replace(/^#/, '');
        if (!REF_PATTERN.test(r) || tk === '') return setBad(true);
        setBad(false);
        navigate(`/apply/status/${enc(r)}#${tk}`);
      }}
    >
      <h2>{t('status.lookup')}</h2>
      <p className="hint">{t('status.lookupHint')}</p>
      <Field label={t('status.ref')} hint="APP-2026-1A2B3C4D">
        {(id, d) => <input id={id} aria-describedby={d} className="mono" autoComplete="off" value={ref} onChange={(e) => setRef(e.target.value)} />}
      </Field>
      <Field label={t('status.token')} hint={t('status.tokenHint')}>
        {(id, d) => <input id={id} aria-describedby={d} className="mono" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />}
      </Field>
      {bad && <Notice kind="error" role="alert">{t('status.notFound')}</Notice>}
      <button type="submit" className="btn btn-primary">
        {t('status.show')}
      </button>
    </form>
  );
}

function ApplicationStatus(props: { refNo: string; token: string }) {
  const { t, lang } = useI18n();
  const { info } = useServiceInfo();
  const [app, setApp] = useState<ApplicationView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [isNew] = useState(() => justCreated === props.refNo);
  const doneRef = useRef<HTMLDivElement>(null);
  const headers = { [TOKEN_HEADER]: props.token };
  const base = `/api/applications/${enc(props.refNo)}`;
  const load = async (): Promise<void> => {
    try {
      setApp(await api<ApplicationView>('GET', base, { headers }));
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.refNo, props.token]);
  useEffect(() => {
    if (submitted) doneRef.current?.focus();
  }, [submitted]);
  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setApp(await api<ApplicationView>('POST', `${base}/submit`, { headers }));
      setSubmitted(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const notFound = error instanceof ApiError && error.code === 'NotFound' && app === null;
  const editable = app !== null && (app.status === 'draft' || app.status === 'changes-requested');
  const routed = app === null ? '' : commissionName(info, app.routedTo, lang);
  return (
    <Layout title={t('status.title')}>
      <h1>{t('status.title')}</h1>
      {notFound ? (
        <>
          <Notice kind="error" role="alert">
            {t('status.notFound')}
          </Notice>
          <StatusLookup initialRef={props.refNo} />
        </>
      ) : app === null ? (
        error !== null ? <ErrorBox error={error} /> : <Busy label={t('loading')} />
      ) : (
        <>
          {isNew && app.status === 'draft' && <Notice kind="ok">{t('ref.created')}</Notice>}
          {submitted && (
            <div className="alert alert-ok" role="status" tabIndex={-1} ref={doneRef} data-testid="submitted">
              <p>
                <strong>{t('ref.submitted', { name: routed })}</strong>
              </p>
            </div>
          )}
          {(isNew || submitted || app.status === 'draft') && <RefBox refNo={app.ref} token={props.token} />}
          <dl className="facts" data-testid="application">
            <dt>{t('status.current')}</dt>
            <dd>
              <AppStatusBadge status={app.status} />
            </dd>
            <dt>{t('ref.title')}</dt>
            <dd className="mono">{app.ref}</dd>
            <dt>{t('status.org')}</dt>
            <dd>
              {app.organizationName} <span className="mono hint">({app.organizationId})</span>
            </dd>
            <dt>{t('status.type')}</dt>
            <dd>{t.maybe(`orgType.${app.organizationType}`) ?? app.organizationType}</dd>
            <dt>{t('status.region')}</dt>
            <dd>{t.maybe(`region.${app.region}`) ?? app.region}</dd>
            <dt>{t('status.planned')}</dt>
            <dd>{t('status.plannedValue', { title: app.planned.title, date: app.planned.date, n: formatNumber(app.planned.expectedVoters, lang) })}</dd>
            <dt>{t('status.routedTo')}</dt>
            <dd>{routed}</dd>
          </dl>
          <DecisionNote app={app} />
          {app.status === 'submitted' && !submitted && <Notice kind="info">{t('status.submittedNote')}</Notice>}
          {editable && <EditDetails key={app.ref} app={app} token={props.token} onSaved={setApp} />}

          <h2>{t('docs.title')}</h2>
          <DocumentList app={app} />
          {editable && <DocumentUploader refNo={app.ref} token={props.token} count={app.documents.length} onUploaded={() => void load()} />}
          <ErrorBox error={error} />
          {editable && (
            <div className="actions">
              {app.documents.length === 0 && <p className="hint">{t('docs.needOne')}</p>}
              <ConfirmButton
                className="btn btn-primary"
                label={app.status === 'draft' ? t('status.submit') : t('status.resubmit')}
                title={t('status.submitTitle')}
                body={<p>{t('status.submitBody', { name: routed, n: app.documents.length })}</p>}
                confirmLabel={app.status === 'draft' ? t('status.submit') : t('status.resubmit')}
                disabled={busy || app.documents.length === 0}
                onConfirm={() => void submit()}
              />
              {busy && <Busy label={t('loading')} />}
            </div>
          )}

          <h2>{t('status.history')}</h2>
          <ApplicationHistory app={app} info={info} />
        </>
      )}
    </Layout>
  );
}

/** How the status page shows each decision: the colour of its note and its heading. */
const DECISIONS: Partial<Record<ApplicationView['status'], { kind: 'warn' | 'error' | 'ok'; heading: Key }>> = {
  'changes-requested': { kind: 'warn', heading: 'status.changesRequested' },
  rejected: { kind: 'error', heading: 'status.rejected' },
  approved: { kind: 'ok', heading: 'status.approved' },
};

/** The commission's decision and its reason; nothing while the application is undecided. */
function DecisionNote(props: { app: ApplicationView }): ReactNode {
  const { t } = useI18n();
  const decision = DECISIONS[props.app.status];
  if (decision === undefined) return null;
  return (
    <div className={`alert alert-${decision.kind}`} role="note" data-testid="decision-reason">
      <p>
        <strong>{t(decision.heading)}</strong>
      </p>
      {props.app.decisionReason !== null && (
        <p>
          {t('status.reason')}: {props.app.decisionReason}
        </p>
      )}
    </div>
  );
}

function DocumentUploader(props: { refNo: string; token: string; count: number; onUploaded: () => void }) {
  const { t, lang } = useI18n();
  const errorText = useErrorText();
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const pick = async (files: FileList | null): Promise<void> => {
    if (files === null || files.length === 0) return;
    const bad: string[] = [];
    const ok: string[] = [];
    let count = props.count;
    for (const file of Array.from(files)) {
      if (count >= MAX_DOCUMENTS) {
        bad.push(t('docs.tooMany'));
        break;
      }
      const check = await checkDocument(file, lang);
      if ('key' in check) {
        bad.push(t(check.key, check.vars));
        continue;
      }
      setBusy(t('docs.uploading', { name: file.name }));
      try {
        await api('POST', `/api/applications/${enc(props.refNo)}/documents?filename=${enc(file.name)}`, { raw: file, contentType: check.contentType, headers: { [TOKEN_HEADER]: props.token } });
        ok.push(t('docs.uploaded', { name: file.name }));
        count++;
      } catch (e) {
        bad.push(`${file.name}: ${errorText(e)}`);
      }
    }
    setBusy(null);
    setProblems(bad);
    setDone(ok);
    if (input.current) input.current.value = '';
    if (ok.length > 0) props.onUploaded();
  };
  return (
    <div className="uploader">
      <Field label={t('docs.choose')} hint={t('docs.hint')}>
        {(id, d) => <input ref={input} id={id} aria-describedby={d} type="file" multiple accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" onChange={(e) => void pick(e.target.files)} disabled={busy !== null} />}
      </Field>
      {busy !== null && <Busy label={busy} />}
      {problems.length > 0 && (
        <div className="alert alert-error" role="alert" data-testid="upload-problems">
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <p className="sr-live" role="status" aria-live="polite">
        {done.join(' ')}
      </p>
      {done.length > 0 && (
        <p className="ok" aria-hidden="true">
          ✓ {done.join(' ')}
        </p>
      )}
    </div>
  );
}

// ---------------------------------------------------------------- the fee estimator

type Channel = 'sms' | 'lms' | 'email';
const CHANNELS: readonly Channel[] = ['lms', 'sms', 'email'];

/** The channels as the options of a select, in the estimator's order. */
function ChannelOptions(): ReactNode {
  const { t } = useI18n();
  return CHANNELS.map((c) => (
    <option key={c} value={c}>
      {t(`fees.ch.${c}`)}
    </option>
  ));
}

export function FeesPage() {
  const { t, lang } = useI18n();
  const [voters, setVoters] = useState('640');
  const [invitation, setInvitation] = useState<Channel>('lms');
  const [reminders, setReminders] = useState('0');
  const [reminderChannel, setReminderChannel] = useState<Channel>('sms');
  const [method, setMethod] = useState<IdentityMethod>('birthdate');
  const [estimate, setEstimate] = useState<{ e: CostEstimate; voters: number; assumption: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [bad, setBad] = useState(false);
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (estimate !== null) resultRef.current?.focus();
  }, [estimate]);
  const calc = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    const n = Number(voters.replace(/[,\s]/g, ''));
    const r = Number(reminders);
    if (!Number.isInteger(n) || n < 1 || n > 10_000_000) return setBad(true);
    setBad(false);
    const messages = { sms: 0, lms: 0, email: 0 };
    messages[invitation] += n;
    messages[reminderChannel] += n * r;
    setBusy(true);
    setError(null);
    try {
      const e = await post<CostEstimate>('/api/fees/estimate', { messages, identityChecks: { [method]: n } });
      setEstimate({ e, voters: n, assumption: t('fees.assumption', { n: formatNumber(n, lang), inv: t(`fees.ch.${invitation}`), rem: r, id: t(`fees.id.${method}`) }) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout title={t('fees.title')}>
      <h1>{t('fees.title')}</h1>
      <p className="lead">{t('fees.lead')}</p>
      <form onSubmit={(ev) => void calc(ev)} noValidate>
        <Field label={t('fees.voters')} error={bad ? t('fees.err.voters') : null}>
          {(id, d) => <input id={id} aria-describedby={d} aria-invalid={bad ? true : undefined} inputMode="numeric" className="input-narrow" value={voters} onChange={(e) => setVoters(e.target.value)} />}
        </Field>
        <Field label={t('fees.invitation')} hint={t('fees.invitationHint')}>
          {(id, d) => (
            <select id={id} aria-describedby={d} value={invitation} onChange={(e) => setInvitation(e.target.value as Channel)}>
              <ChannelOptions />
            </select>
          )}
        </Field>
        <div className="row">
          <Field label={t('fees.reminders')} hint={t('fees.reminderHint')}>
            {(id, d) => (
              <select id={id} aria-describedby={d} value={reminders} onChange={(e) => setReminders(e.target.value)}>
                {['0', '1', '2', '3'].map((x) => (
                  <option key={x} value={x}>
                    {x}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('fees.reminderChannel')}>
            {(id) => (
              <select id={id} value={reminderChannel} disabled={reminders === '0'} onChange={(e) => setReminderChannel(e.target.value as Channel)}>
                <ChannelOptions />
              </select>
            )}
          </Field>
        </div>
        <RadioGroup legend={t('fees.identity')} name="identity" value={method} options={IDENTITY_METHODS} label={(v) => t(`fees.id.${v}`)} hint={(v) => t(`fees.id.${v}.hint`)} onChange={setMethod} after={<p className="hint">{t('fees.identityHint')}</p>} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {t('fees.calc')}
        </button>
      </form>
      <ErrorBox error={error} />
      {estimate !== null && (
        <section aria-labelledby="fees-result" className="fee-result" data-testid="fee-result">
          <h2 id="fees-result" ref={resultRef} tabIndex={-1}>
            {t('fees.result')}
          </h2>
          <p className="big-number">
            <span className="big">{t('fees.total', { total: formatKrw(estimate.e.totalKrw, lang) })}</span>
          </p>
          <p>{t('fees.perVoter', { amount: formatKrw(Math.round((estimate.e.totalKrw / estimate.voters) * 10) / 10, lang) })}</p>
          <p className="hint">{estimate.assumption}</p>
          <CostTable estimate={estimate.e} caption={t('fees.result')} />
        </section>
      )}
      <p>
        <Link to="/apply">{t('home.apply')}</Link>
      </p>
    </Layout>
  );
}

// ---------------------------------------------------------------- the invitation

let invitationToken: string | null = null;

/** Takes the invitation token out of the address bar (single-use secret) and keeps it in memory. */
function captureInvitation(): string | null {
  const hash = window.location.hash.slice(1);
  if (hash.length > 0) {
    invitationToken = decodeURIComponent(hash);
    window.history.replaceState(null, '', window.location.pathname);
  }
  return invitationToken;
}

export const LOGIN_USERNAME_KEY = 'bl.loginUsername';

export function InvitationPage() {
  const { t } = useI18n();
  const [token] = useState(captureInvitation);
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [username, setUsername] = useState<string | null>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (username !== null) doneRef.current?.focus();
  }, [username]);
  const short = pw.length < 12 ? t('invite.tooShort') : null;
  const mismatch = pw2 !== pw ? t('invite.mismatch') : null;
  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    setShown(true);
    if (short !== null || mismatch !== null || token === null) return;
    setBusy(true);
    setError(null);
    try {
      const r = await post<{ username: string }>('/api/staff/invitations/accept', { token, password: pw });
      invitationToken = null;
      try {
        window.sessionStorage.setItem(LOGIN_USERNAME_KEY, r.username);
      } catch {
        // storage blocked: the username is on screen
      }
      setUsername(r.username);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout title={t('invite.title')}>
      <div className="narrow">
        <h1>{t('invite.title')}</h1>
        {username !== null ? (
          <>
            <h2 ref={doneRef} tabIndex={-1} className="alert alert-ok" data-testid="invitation-done">
              {t('invite.done', { username })}
            </h2>
            <p>{t('invite.next')}</p>
            <p>
              <Link className="btn btn-primary" to="/admin">
                {t('invite.signIn')}
              </Link>
            </p>
          </>
        ) : token === null ? (
          <Notice kind="error" role="alert">
            {t('invite.noToken')}
          </Notice>
        ) : (
          <form onSubmit={(ev) => void submit(ev)} noValidate>
            <p>{t('invite.lead')}</p>
            <Field label={t('invite.password')} hint={t('invite.passwordHint')} error={shown ? short : null}>
              {(id, d) => <input id={id} aria-describedby={d} aria-invalid={shown && short !== null ? true : undefined} type="password" autoComplete="new-password" value={pw} onChange={(e) => setPw(e.target.value)} />}
            </Field>
            <Field label={t('invite.confirm')} error={shown ? mismatch : null}>
              {(id, d) => <input id={id} aria-describedby={d} aria-invalid={shown && mismatch !== null ? true : undefined} type="password" autoComplete="new-password" value={pw2} onChange={(e) => setPw2(e.target.value)} />}
            </Field>
            {error instanceof ApiError && error.code === 'Unauthorized' ? (
              <Notice kind="error" role="alert">
                {t('invite.used')}
              </Notice>
            ) : (
              <ErrorBox error={error} />
            )}
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
              {t('invite.submit')}
            </button>
          </form>
        )}
      </div>
    </Layout>
  );
}


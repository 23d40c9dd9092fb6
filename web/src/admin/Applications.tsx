// Commission staff: the review queue of applications, one application (documents, contact
// person, decision history) and the decision (approve / request changes / reject, with a reason
// and a confirmation); the blackout periods (list and declare).
import { useEffect, useRef, useState } from 'react';
import { ApiError, enc, get, post } from '../api';
import { Busy, ConfirmButton, ErrorBox, Field, Notice } from '../components/common';
import { AppStatusBadge, ApplicationHistory, BlackoutTable, DocumentList, useBlackouts, useServiceInfo } from '../desk/common';
import type { ApplicationView, ApplicationStatus, Blackout, Decision, QueueItem } from '../desk/types';
import { formatDateTime, formatNumber, kstLocalToIso } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';

const ORDER: Record<ApplicationStatus, number> = { submitted: 0, 'changes-requested': 1, draft: 2, approved: 3, rejected: 4 };

export function ApplicationQueue() {
  const { t, lang } = useI18n();
  const [list, setList] = useState<QueueItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState<ApplicationStatus | 'all'>('all');
  useEffect(() => {
    get<QueueItem[]>('/api/admin/applications').then(setList, setError);
  }, []);
  const shown = (list ?? []).filter((a) => filter === 'all' || a.status === filter).sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.updatedAt.localeCompare(b.updatedAt));
  return (
    <>
      <h1>{t('review.title')}</h1>
      <p>{t('review.lead')}</p>
      <ErrorBox error={error} />
      {list === null && error === null && <Busy label={t('loading')} />}
      {list !== null && (
        <Field label={t('review.filter')}>
          {(id) => (
            <select id={id} className="input-auto" value={filter} onChange={(e) => setFilter(e.target.value as ApplicationStatus | 'all')}>
              <option value="all">
                {t('review.all')} ({list.length})
              </option>
              {(['submitted', 'changes-requested', 'approved', 'rejected'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`appStatus.${s}`)} ({list.filter((a) => a.status === s).length})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {list !== null && shown.length === 0 && <p>{t('review.none')}</p>}
      {shown.length > 0 && (
        <table className="table" data-testid="application-queue">
          <thead>
            <tr>
              <th scope="col">{t('review.colOrg')}</th>
              <th scope="col">{t('review.colRef')}</th>
              <th scope="col">{t('review.colType')}</th>
              <th scope="col">{t('review.colRegion')}</th>
              <th scope="col">{t('review.colVoters')}</th>
              <th scope="col">{t('review.colStatus')}</th>
              <th scope="col">{t('review.colUpdated')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <tr key={a.ref}>
                <th scope="row">
                  <Link to={`/admin/applications/${enc(a.ref)}`}>{a.organizationName}</Link>
                </th>
                <td className="mono">{a.ref}</td>
                <td>{t.maybe(`orgType.${a.organizationType}`) ?? a.organizationType}</td>
                <td>{t.maybe(`region.${a.region}`) ?? a.region}</td>
                <td className="num">{formatNumber(a.expectedVoters, lang)}</td>
                <td>
                  <AppStatusBadge status={a.status} />
                </td>
                <td>{formatDateTime(a.updatedAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

export function ApplicationReview(props: { refNo: string }) {
  const { t, lang } = useI18n();
  const { info } = useServiceInfo();
  const [app, setApp] = useState<ApplicationView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const base = `/api/admin/applications/${enc(props.refNo)}`;
  useEffect(() => {
    get<ApplicationView>(base).then(setApp, setError);
  }, [base]);
  if (app === null) return error !== null ? <ErrorBox error={error} /> : <Busy label={t('loading')} />;
  return (
    <div className="application-review">
      <p>
        <Link to="/admin/applications">← {t('review.back')}</Link>
      </p>
      <h1>
        {app.organizationName} <AppStatusBadge status={app.status} />
      </h1>
      <div className="grid-2">
        <dl className="facts" data-testid="application">
          <dt>{t('ref.title')}</dt>
          <dd className="mono">{app.ref}</dd>
          <dt>{t('apply.orgId')}</dt>
          <dd className="mono">{app.organizationId}</dd>
          <dt>{t('status.type')}</dt>
          <dd>{t.maybe(`orgType.${app.organizationType}`) ?? app.organizationType}</dd>
          <dt>{t('status.region')}</dt>
          <dd>{t.maybe(`region.${app.region}`) ?? app.region}</dd>
          <dt>{t('status.planned')}</dt>
          <dd>{t('status.plannedValue', { title: app.planned.title, date: app.planned.date, n: app.planned.expectedVoters.toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-GB') })}</dd>
        </dl>
        <section className="panel" aria-labelledby="contact-h">
          <h2 id="contact-h">{t('review.contact')}</h2>
          <dl className="facts" data-testid="contact">
            <dt>{t('apply.contactName')}</dt>
            <dd>{app.contact.name}</dd>
            <dt>{t('apply.contactPhone')}</dt>
            <dd>
              <a href={`tel:${app.contact.phone.replace(/\D/g, '')}`}>{app.contact.phone}</a>
            </dd>
            <dt>{t('apply.contactEmail')}</dt>
            <dd>
              <a href={`mailto:${app.contact.email}`}>{app.contact.email}</a>
            </dd>
          </dl>
        </section>
      </div>
      {app.decisionReason !== null && (
        <Notice kind={app.status === 'rejected' ? 'error' : app.status === 'approved' ? 'ok' : 'warn'} role="note">
          {t('status.reason')}: {app.decisionReason}
        </Notice>
      )}
      <h2>{t('review.documents')}</h2>
      <p className="hint">{t('review.docHint')}</p>
      <DocumentList app={app} link={(sha) => `${base}/documents/${sha}`} />
      <h2>{t('status.history')}</h2>
      <ApplicationHistory app={app} info={info} />
      <DecisionForm app={app} base={base} onDecided={setApp} />
    </div>
  );
}

function DecisionForm(props: { app: ApplicationView; base: string; onDecided: (a: ApplicationView) => void }) {
  const { t } = useI18n();
  const [decision, setDecision] = useState<Decision | ''>('');
  const [reason, setReason] = useState('');
  const [shown, setShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Decision | null>(null);
  /** Approved and recorded, but the admin account could not be opened (e.g. the CA did not answer). */
  const [accountPending, setAccountPending] = useState(false);
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done !== null) doneRef.current?.focus();
  }, [done]);
  const label = (d: Decision): string => t(`review.${d}`);
  const decide = async (): Promise<void> => {
    if (decision === '') return;
    setBusy(true);
    setError(null);
    const decided = (v: ApplicationView): void => {
      props.onDecided(v);
      setDecision('');
      setReason('');
      setShown(false);
    };
    try {
      decided(await post<ApplicationView>(`${props.base}/decision`, { decision, reason: reason.trim() }));
      setDone(decision);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'Unavailable' && e.details.approved === true) {
        // recorded as approved; only the account is missing: show the application as it now is
        setAccountPending(true);
        decided(await get<ApplicationView>(props.base).catch(() => ({ ...props.app, status: 'approved' as const })));
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  };
  const problems = [decision === '' ? t('review.chooseDecision') : null, reason.trim() === '' ? t('review.reasonRequired') : null].filter((x): x is string => x !== null);
  const doneNote =
    done !== null ? (
      <div className="alert alert-ok" role="status" tabIndex={-1} ref={doneRef} data-testid="decision-done">
        <p>
          <strong>{t('review.done', { decision: label(done) })}</strong>
        </p>
        {done === 'approve' && <p>{t('review.approvedNote', { email: props.app.contact.email })}</p>}
      </div>
    ) : null;
  if (props.app.status !== 'submitted') {
    return (
      <section aria-labelledby="decision-h">
        <h2 id="decision-h">{t('review.decision')}</h2>
        {doneNote}
        <p>{t('review.notPending', { status: t.maybe(`appStatus.${props.app.status}`) ?? props.app.status })}</p>
        {accountPending && (
          <Notice kind="warn" role="alert">
            {t('review.accountPending')}
          </Notice>
        )}
        {props.app.status === 'approved' && <ResendInvitation base={props.base} />}
      </section>
    );
  }
  return (
    <section aria-labelledby="decision-h" className="panel decision">
      <h2 id="decision-h">{t('review.decision')}</h2>
      {doneNote}
      <p className="hint">{t('review.decisionHint')}</p>
      <fieldset className="field choice-group">
        <legend>{t('review.pick')}</legend>
        {(['approve', 'request-changes', 'reject'] as const).map((d) => (
          <label key={d} className={decision === d ? 'choice checked' : 'choice'}>
            <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} aria-labelledby={`decision-${d}-label`} aria-describedby={`decision-${d}-hint`} />
            <span className="choice-text">
              <span className="choice-label" id={`decision-${d}-label`}>
                {label(d)}
              </span>
              <span className="hint" id={`decision-${d}-hint`}>
                {t(`review.${d}.hint`)}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <Field label={t('review.reason')} error={shown && reason.trim() === '' ? t('review.reasonRequired') : null}>
        {(id, d) => <textarea id={id} aria-describedby={d} aria-required="true" aria-invalid={shown && reason.trim() === '' ? true : undefined} rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      {shown && problems.length > 0 && (
        <Notice kind="error" role="alert">
          {problems.join(' ')}
        </Notice>
      )}
      <ErrorBox error={error} />
      <div className="actions">
        {problems.length > 0 ? (
          <button type="button" className="btn btn-primary" onClick={() => setShown(true)}>
            {t('review.decide')}
          </button>
        ) : (
          <ConfirmButton
            className={decision === 'reject' ? 'btn btn-danger' : 'btn btn-primary'}
            danger={decision === 'reject'}
            label={t('review.decide')}
            title={t('review.confirmTitle', { ref: props.app.ref, decision: label(decision as Decision) })}
            body={<p>{t('review.confirmBody', { org: props.app.organizationName, decision: label(decision as Decision), reason: reason.trim() })}</p>}
            confirmLabel={label(decision as Decision)}
            disabled={busy}
            onConfirm={() => void decide()}
          />
        )}
        {busy && <Busy label={t('admin.working')} />}
      </div>
    </section>
  );
}

export function BlackoutsPage(props: { canDeclare: boolean }) {
  const { t, lang } = useI18n();
  const { list, error, reload } = useBlackouts();
  const [id, setId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [postError, setPostError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [declared, setDeclared] = useState<string | null>(null);
  const check = (): string | null => {
    if (id.trim() === '' || from === '' || to === '' || reason.trim() === '') return t('blackout.err.fields');
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id.trim())) return t('blackout.err.id');
    if (!(Date.parse(kstLocalToIso(to)) > Date.parse(kstLocalToIso(from)))) return t('blackout.err.order');
    return null;
  };
  const p = check();
  const declare = async (): Promise<void> => {
    setBusy(true);
    setPostError(null);
    try {
      const b = await post<Blackout>('/api/admin/blackouts', { blackoutId: id.trim(), from: kstLocalToIso(from), to: kstLocalToIso(to), reason: reason.trim() });
      setDeclared(b.blackoutId);
      setId('');
      setFrom('');
      setTo('');
      setReason('');
      reload();
    } catch (e) {
      setPostError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>{t('blackout.title')}</h1>
      <p>{t('blackout.lead')}</p>
      <ErrorBox error={error} />
      {list === null && error === null && <Busy label={t('loading')} />}
      {list !== null && list.length === 0 && <p>{t('blackout.none')}</p>}
      {list !== null && list.length > 0 && <BlackoutTable list={list} showId />}
      {props.canDeclare && (
        <section className="panel" aria-labelledby="declare-h">
          <h2 id="declare-h">{t('blackout.declare')}</h2>
          {declared !== null && <Notice kind="ok">{t('blackout.declared', { id: declared })}</Notice>}
          <div className="row">
            <Field label={t('blackout.id')} hint={t('blackout.idHint')}>
              {(fid, d) => <input id={fid} aria-describedby={d} className="mono" value={id} onChange={(e) => setId(e.target.value)} />}
            </Field>
            <Field label={t('blackout.from')}>{(fid) => <input id={fid} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />}</Field>
            <Field label={t('blackout.to')}>{(fid) => <input id={fid} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />}</Field>
          </div>
          <Field label={t('blackout.reason')} hint={t('blackout.reasonHint')}>
            {(fid, d) => <input id={fid} aria-describedby={d} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />}
          </Field>
          {problem !== null && (
            <Notice kind="error" role="alert">
              {problem}
            </Notice>
          )}
          <ErrorBox error={postError} />
          <div className="actions">
            {p !== null ? (
              <button type="button" className="btn btn-primary" onClick={() => setProblem(p)}>
                {t('blackout.submit')}
              </button>
            ) : (
              <ConfirmButton
                className="btn btn-primary"
                label={t('blackout.submit')}
                title={t('blackout.confirmTitle')}
                body={<p>{t('blackout.confirmBody', { from: formatDateTime(kstLocalToIso(from), lang), to: formatDateTime(kstLocalToIso(to), lang), reason: reason.trim() })}</p>}
                confirmLabel={t('blackout.submit')}
                disabled={busy}
                onConfirm={() => {
                  setProblem(null);
                  void declare();
                }}
              />
            )}
            {busy && <Busy label={t('admin.working')} />}
          </div>
        </section>
      )}
    </>
  );
}

/** A new invitation link for the organization's admin (the first was lost or expired; the old link stops working). */
function ResendInvitation(props: { base: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const resend = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setSentTo(null);
    try {
      setSentTo((await post<{ sentTo: string }>(`${props.base}/invitation`, {})).sentTo);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="resend-invitation">
      <p className="hint">{t('review.resendHint')}</p>
      <button type="button" className="btn" onClick={() => void resend()} disabled={busy} aria-busy={busy}>
        {t('review.resend')}
      </button>
      {error !== null && <ErrorBox error={error} />}
      {sentTo !== null && (
        <p role="status" data-testid="invitation-resent">
          {t('review.resent', { to: sentTo })}
        </p>
      )}
    </div>
  );
}

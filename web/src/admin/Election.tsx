// One election in the admin console: overview and lifecycle, roll, key ceremony, messages,
// live turnout, tally and results, ballot preview.
import { MAX_JSON_RECORD_BALLOTS } from '@ballotledger/core';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, enc, get, post } from '../api';
import { BarChart, LineChart } from '../components/charts';
import { Busy, ConfirmButton, ErrorBox, Field, Notice, StateBadge } from '../components/common';
import { downloadFile } from '../download';
import { formatDateTime, formatKrw, formatNumber, formatPercent, isoToKstLocal, kstLocalToIso } from '../format';
import { useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import type { AdminElection, CampaignPlan, CostEstimate, Result, RollReport, Turnout } from '../types';
import { ResultsView } from '../public/pages';
import { CostTable } from '../components/cost';
export { CostTable };
import { DeliveryStatus } from './DeliveryStatus';
import { FeeStatementPanel } from './FeeStatement';
import { VoterRoll } from './VoterRoll';
import { BallotPreview } from './Wizard';

const TABS = ['overview', 'roll', 'ceremony', 'messages', 'turnout', 'results', 'fees', 'preview'] as const;
type Tab = (typeof TABS)[number];

export function ElectionAdmin(props: { electionId: string; tab?: Tab }) {
  const { t, lang } = useI18n();
  const loc = useLocation();
  const tab = (TABS as readonly string[]).includes(loc.query.get('tab') ?? '') ? (loc.query.get('tab') as Tab) : (props.tab ?? 'overview');
  const [e, setE] = useState<AdminElection | null>(null);
  const [error, setError] = useState<unknown>(null);
  const base = `/api/admin/elections/${enc(props.electionId)}`;
  const reload = async (): Promise<void> => {
    try {
      setE(await get<AdminElection>(base));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.electionId]);
  if (e === null) return error !== null ? <ErrorBox error={error} /> : <Busy label={t('loading')} />;
  return (
    <div className="election-admin">
      <p>
        <Link to="/admin">← {t('admin.elections')}</Link>
      </p>
      <h1>
        {e.title} <StateBadge state={e.state} />
      </h1>
      <p className="hint">
        {e.electionId} · {t('voter.schedule', { opens: formatDateTime(e.schedule.opensAt, lang), closes: formatDateTime(e.schedule.closesAt, lang) })}
      </p>
      <nav aria-label={t('admin.sections')}>
        <ul className="tabs">
          {TABS.map((x) => (
            <li key={x}>
              <Link to={`/admin/elections/${enc(e.electionId)}?tab=${x}`} aria-current={x === tab ? 'page' : undefined} className={x === tab ? 'tab current' : 'tab'}>
                {t(`admin.tab.${x}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ErrorBox error={error} />
      <section className="tab-panel">
        {tab === 'overview' && <Overview e={e} base={base} onChange={setE} />}
        {tab === 'roll' && <RollPanel e={e} base={base} onChange={setE} reload={reload} voter={loc.query.get('voter')} />}
        {tab === 'ceremony' && <CeremonyBoard e={e} base={base} onChange={setE} reload={reload} />}
        {tab === 'messages' && <MessagesPanel e={e} base={base} />}
        {tab === 'turnout' && <TurnoutPanel e={e} base={base} />}
        {tab === 'results' && <ResultsPanel e={e} base={base} onChange={setE} reload={reload} />}
        {tab === 'fees' && <FeeStatementPanel base={base} electionId={e.electionId} />}
        {tab === 'preview' && <BallotPreview manifest={e.manifest} info={e.info} />}
      </section>
    </div>
  );
}

type PanelProps = { e: AdminElection; base: string; onChange: (e: AdminElection) => void };

function useAction(onChange: (e: AdminElection) => void) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async (label: string, f: () => Promise<AdminElection | void>): Promise<void> => {
    setBusy(label);
    setError(null);
    try {
      const r = await f();
      if (r) onChange(r);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run };
}

function Overview(props: PanelProps) {
  const { t, lang } = useI18n();
  const { e, base } = props;
  const { busy, error, run } = useAction(props.onChange);
  const [closesAt, setClosesAt] = useState(isoToKstLocal(e.schedule.closesAt));
  const act = (name: string) => () => void run(name, () => post<AdminElection>(`${base}/${name}`));
  const canOpen = e.state === 'frozen' && e.ceremony.finalized;
  return (
    <>
      <h2>{t('admin.tab.overview')}</h2>
      <dl className="facts">
        <dt>{t('admin.state')}</dt>
        <dd>
          <StateBadge state={e.state} />
        </dd>
        <dt>{t('admin.roll')}</dt>
        <dd>{e.roll.frozen ? t('admin.rollFrozen', { n: formatNumber(e.roll.count ?? 0, lang) }) : t('admin.rollImported', { n: formatNumber(e.roll.imported, lang) })}</dd>
        <dt>{t('admin.ceremony')}</dt>
        <dd>{e.ceremony.finalized ? t('admin.ceremonyDone') : t('admin.ceremonyProgress', { done: e.ceremony.holders.filter((h) => h.round2).length, n: e.ceremony.holders.length })}</dd>
        <dt>{t('admin.turnout')}</dt>
        <dd>
          {formatNumber(e.turnout.voted, lang)} / {formatNumber(e.turnout.eligible, lang)} ({formatPercent(e.turnout.voted, e.turnout.eligible, lang)})
        </dd>
      </dl>
      <h3>{t('admin.lifecycle')}</h3>
      {e.state === 'draft' && (
        <p>
          <Link className="btn btn-secondary" to={`/admin/elections/${enc(e.electionId)}/edit`}>
            {t('admin.edit')}
          </Link>
        </p>
      )}
      {e.state === 'frozen' && !e.ceremony.finalized && <Notice kind="info">{t('admin.waitCeremony')}</Notice>}
      <div className="actions">
        {e.state === 'frozen' && (
          <ConfirmButton label={t('admin.open')} title={t('admin.openTitle')} body={<p>{t('admin.openBody')}</p>} confirmLabel={t('admin.open')} onConfirm={act('open')} disabled={!canOpen || busy !== null} />
        )}
        {e.state === 'open' && <ConfirmButton label={t('admin.pause')} title={t('admin.pauseTitle')} body={<p>{t('admin.pauseBody')}</p>} confirmLabel={t('admin.pause')} onConfirm={act('pause')} disabled={busy !== null} className="btn btn-secondary" />}
        {e.state === 'paused' && <ConfirmButton label={t('admin.resume')} title={t('admin.resumeTitle')} body={<p>{t('admin.resumeBody')}</p>} confirmLabel={t('admin.resume')} onConfirm={act('resume')} disabled={busy !== null} />}
        {(e.state === 'open' || e.state === 'paused') && (
          <ConfirmButton danger label={t('admin.close')} title={t('admin.closeTitle')} body={<p>{t('admin.closeBody', { n: formatNumber(e.turnout.voted, lang) })}</p>} confirmLabel={t('admin.close')} onConfirm={act('close')} disabled={busy !== null} />
        )}
      </div>
      {(e.state === 'open' || e.state === 'paused') && (
        <div className="add-row">
          <Field label={t('admin.extendTo')} hint={t('wiz.kstNote')}>
            {(id, d) => <input id={id} aria-describedby={d} type="datetime-local" value={closesAt} onChange={(ev) => setClosesAt(ev.target.value)} />}
          </Field>
          <ConfirmButton
            label={t('admin.extend')}
            title={t('admin.extendTitle')}
            body={<p>{t('admin.extendBody', { at: formatDateTime(kstLocalToIso(closesAt) || e.schedule.closesAt, lang) })}</p>}
            confirmLabel={t('admin.extend')}
            className="btn btn-secondary"
            onConfirm={() => void run('extend', () => post<AdminElection>(`${base}/extend`, { closesAt: kstLocalToIso(closesAt) }))}
            disabled={busy !== null || kstLocalToIso(closesAt) === ''}
          />
        </div>
      )}
      {busy !== null && <Busy label={t('admin.working')} />}
      <ErrorBox error={error} />
      {e.history.length > 0 && (
        <>
          <h3>{t('admin.history')}</h3>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('admin.histAt')}</th>
                <th scope="col">{t('admin.histAction')}</th>
                <th scope="col">{t('admin.histBy')}</th>
                <th scope="col">{t('admin.histTx')}</th>
              </tr>
            </thead>
            <tbody>
              {e.history.map((h, i) => (
                <tr key={i}>
                  <td>{formatDateTime(h.at, lang)}</td>
                  <td>{h.action}</td>
                  <td>{h.by}</td>
                  <td>
                    <code className="break">{h.txId}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

function reportCsv(report: RollReport): string {
  const esc = (v: unknown): string => {
    let s = v === null || v === undefined ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [['row', 'column', 'severity', 'key', 'message'].join(',')];
  for (const p of report.problems) lines.push([p.row, p.column, p.severity, p.key, p.message].map(esc).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function RollReportView(props: { report: RollReport }) {
  const { t, lang } = useI18n();
  const r = props.report;
  return (
    <div className="roll-report" data-testid="roll-report">
      <p role="status">
        {t('roll.totals', {
          rows: formatNumber(r.totals.rows, lang),
          valid: formatNumber(r.totals.valid, lang),
          invalid: formatNumber(r.totals.invalid, lang),
          errors: formatNumber(r.totals.errors, lang),
          warnings: formatNumber(r.totals.warnings, lang),
        })}
        {r.format !== null && ` · ${r.format.toUpperCase()}${r.encoding ? ` (${r.encoding})` : ''}`}
      </p>
      {r.problems.length > 0 && (
        <>
          <table className="table">
            <caption>{t('roll.problems')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('roll.row')}</th>
                <th scope="col">{t('roll.column')}</th>
                <th scope="col">{t('roll.severity')}</th>
                <th scope="col">{t('roll.message')}</th>
              </tr>
            </thead>
            <tbody>
              {r.problems.map((p, i) => (
                <tr key={i} className={p.severity === 'error' ? 'row-error' : 'row-warning'}>
                  <td className="num">{p.row ?? '–'}</td>
                  <td>{p.column ?? '–'}</td>
                  <td>{p.severity === 'error' ? t('roll.error') : t('roll.warning')}</td>
                  <td>
                    {lang === 'ko' && t.maybe(p.key) !== null ? (
                      <>
                        {t.maybe(p.key)} <span className="hint">{p.message}</span>
                      </>
                    ) : (
                      p.message
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.truncated && <p className="hint">{t('roll.truncated')}</p>}
          <button type="button" className="btn btn-secondary" onClick={() => downloadFile('roll-report.csv', reportCsv(r), 'text/csv;charset=utf-8')}>
            {t('roll.downloadReport')}
          </button>
        </>
      )}
    </div>
  );
}

function RollPanel(props: PanelProps & { reload: () => Promise<void>; voter: string | null }) {
  const { t, lang } = useI18n();
  const { e, base } = props;
  const [report, setReport] = useState<RollReport | null>(null);
  const [stored, setStored] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const freeze = useAction(props.onChange);
  const upload = async (file: File): Promise<void> => {
    setBusy(true);
    setError(null);
    setReport(null);
    setStored(null);
    try {
      const r = await api<{ stored: boolean; report: RollReport; voterCount?: number }>('POST', `${base}/roll${dryRun ? '?dryRun=true' : ''}`, { raw: file, contentType: file.type || 'application/octet-stream' });
      setReport(r.report);
      setStored(r.stored ? (r.voterCount ?? r.report.totals.valid) : null);
      if (r.stored) await props.reload();
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'RollRejected' || err.code === 'PayloadTooLarge') && err.details['report']) setReport(err.details['report'] as RollReport);
      else setError(err);
    } finally {
      setBusy(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  };
  return (
    <>
      <h2>{t('admin.tab.roll')}</h2>
      <p>{e.roll.frozen ? t('admin.rollFrozen', { n: formatNumber(e.roll.count ?? 0, lang) }) : t('admin.rollImported', { n: formatNumber(e.roll.imported, lang) })}</p>
      {e.roll.hash && (
        <p className="hint">
          {t('roll.hash')} <code className="break">{e.roll.hash}</code>
        </p>
      )}
      {!e.roll.frozen && (
        <>
          <p>{t('roll.explain')}</p>
          <p>
            <a href="/api/admin/roll-template.csv" download>
              {t('roll.template')}
            </a>
          </p>
          <Field label={t('roll.file')} hint={t('roll.fileHint')}>
            {(id, d) => <input id={id} ref={fileRef} aria-describedby={d} type="file" accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(ev) => ev.target.files?.[0] && void upload(ev.target.files[0])} />}
          </Field>
          <label className="check">
            <input type="checkbox" checked={dryRun} onChange={(ev) => setDryRun(ev.target.checked)} />
            {t('roll.dryRun')}
          </label>
        </>
      )}
      {busy && <Busy label={t('roll.checking')} />}
      <ErrorBox error={error} />
      {report !== null && (
        <>
          {report.ok ? (
            <Notice kind="ok">{stored !== null ? t('roll.stored', { n: formatNumber(stored, lang) }) : t('roll.validOnly')}</Notice>
          ) : (
            <Notice kind="error" role="alert">
              {t('roll.rejected', { n: report.totals.errors })}
            </Notice>
          )}
          <RollReportView report={report} />
        </>
      )}
      {!e.roll.frozen && e.roll.imported > 0 && (
        <div className="actions">
          <ConfirmButton
            label={t('roll.freeze')}
            title={t('roll.freezeTitle')}
            body={<p>{t('roll.freezeBody', { n: formatNumber(e.roll.imported, lang) })}</p>}
            confirmLabel={t('roll.freeze')}
            onConfirm={() => void freeze.run('freeze', () => post<AdminElection>(`${base}/freeze`))}
            disabled={freeze.busy !== null}
          />
        </div>
      )}
      {freeze.busy !== null && <Busy label={t('roll.freezing')} />}
      <ErrorBox error={freeze.error} />
      {(e.roll.frozen || e.roll.imported > 0) && <VoterRoll key={`${e.roll.imported}:${e.roll.frozen}`} base={base} focusVoter={props.voter} />}
    </>
  );
}

function CeremonyBoard(props: PanelProps & { reload: () => Promise<void> }) {
  const { t } = useI18n();
  const { e, base } = props;
  const { busy, error, run } = useAction(props.onChange);
  useEffect(() => {
    if (e.ceremony.finalized) return;
    const id = setInterval(() => void props.reload(), 10_000);
    return () => clearInterval(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [e.ceremony.finalized]);
  const all = e.ceremony.holders.length > 0 && e.ceremony.holders.every((h) => h.round1 && h.round2 && h.reviewed);
  const mark = (ok: boolean): string => (ok ? `✓ ${t('done')}` : `… ${t('waiting')}`);
  return (
    <>
      <h2>{t('admin.tab.ceremony')}</h2>
      <p>{t('wiz.thresholdSentence', { t: e.manifest.keyCeremony.threshold, n: e.manifest.keyCeremony.holders })}</p>
      <table className="table" data-testid="ceremony-board">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('wiz.holderName')}</th>
            <th scope="col">{t('kh.round1')}</th>
            <th scope="col">{t('kh.round2')}</th>
            <th scope="col">{t('kh.review')}</th>
            <th scope="col">{t('kh.complaints')}</th>
          </tr>
        </thead>
        <tbody>
          {e.ceremony.holders.map((h) => (
            <tr key={h.index}>
              <td>{h.index}</td>
              <td>{h.name}</td>
              <td className={h.round1 ? 'ok' : 'pending'}>{mark(h.round1)}</td>
              <td className={h.round2 ? 'ok' : 'pending'}>{mark(h.round2)}</td>
              <td className={h.reviewed ? 'ok' : 'pending'}>{mark(h.reviewed)}</td>
              <td className={h.complaints > 0 ? 'bad' : ''}>{h.complaints}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.ceremony.finalized ? (
        <Notice kind="ok">
          {t('admin.ceremonyDone')} <code className="break">{e.ceremony.jointKey}</code>
        </Notice>
      ) : (
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={() => void props.reload()}>
            {t('refresh')}
          </button>
          <ConfirmButton label={t('admin.finalize')} title={t('admin.finalizeTitle')} body={<p>{t('admin.finalizeBody')}</p>} confirmLabel={t('admin.finalize')} onConfirm={() => void run('finalize', () => post<AdminElection>(`${base}/ceremony/finalize`))} disabled={!all || busy !== null} />
        </div>
      )}
      <ErrorBox error={error} />
    </>
  );
}

function MessagesPanel(props: { e: AdminElection; base: string }) {
  const { t, lang } = useI18n();
  const { e, base } = props;
  const [kind, setKind] = useState<'invitation' | 'reminder'>(e.state === 'open' ? 'reminder' : 'invitation');
  const [channel, setChannel] = useState<'sms' | 'email'>('sms');
  const [template, setTemplate] = useState(e.input.templates.invitation);
  const [plan, setPlan] = useState<CampaignPlan | null>(null);
  const [sent, setSent] = useState<{ sent: number; failed: number; skippedVoted: number; skippedNoContact: number } | null>(null);
  const [fees, setFees] = useState<CostEstimate | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [sends, setSends] = useState(0);
  useEffect(() => setTemplate(kind === 'invitation' ? e.input.templates.invitation : e.input.templates.reminder), [kind, e.input.templates]);
  const body = { kind, channel, template, electionTitle: e.title, deadline: formatDateTime(e.schedule.closesAt, 'ko') };
  const preview = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setSent(null);
    try {
      setPlan(await post<CampaignPlan>(`${base}/messages/preview`, body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const send = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      setSent(await post(`${base}/messages/send`, body));
      setPlan(null);
      setSends((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h2>{t('admin.tab.messages')}</h2>
      <div className="row">
        <Field label={t('msg.kind')}>
          {(id) => (
            <select id={id} value={kind} onChange={(ev) => setKind(ev.target.value as 'invitation' | 'reminder')}>
              <option value="invitation">{t('msg.invitation')}</option>
              <option value="reminder">{t('msg.reminder')}</option>
            </select>
          )}
        </Field>
        <Field label={t('msg.channel')}>
          {(id) => (
            <select id={id} value={channel} onChange={(ev) => setChannel(ev.target.value as 'sms' | 'email')}>
              <option value="sms">SMS/LMS</option>
              <option value="email">{t('msg.email')}</option>
            </select>
          )}
        </Field>
      </div>
      {kind === 'reminder' && <p className="hint">{t('msg.reminderNote')}</p>}
      <Field label={t('msg.template')}>{(id) => <textarea id={id} rows={4} value={template} onChange={(ev) => setTemplate(ev.target.value)} />}</Field>
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={() => void preview()} disabled={busy}>
          {t('msg.preview')}
        </button>
      </div>
      {busy && <Busy label={t('admin.working')} />}
      <ErrorBox error={error} />
      {plan !== null && (
        <div className="plan" data-testid="campaign-plan">
          <p role="status">{t('msg.plan', { n: formatNumber(plan.recipients, lang), voted: plan.skippedVoted, noContact: plan.skippedNoContact })}</p>
          <p>{t('msg.split', { sms: plan.byChannel.sms, lms: plan.byChannel.lms, email: plan.byChannel.email })}</p>
          {plan.tooLong > 0 && <Notice kind="error">{t('msg.tooLong', { n: plan.tooLong })}</Notice>}
          {plan.unsupportedCharacters.length > 0 && <Notice kind="warn">{t('msg.unsupported', { chars: plan.unsupportedCharacters.join(' ') })}</Notice>}
          <CostTable estimate={plan.estimate} />
          <ConfirmButton label={t('msg.send')} title={t('msg.sendTitle')} body={<p>{t('msg.sendBody', { n: formatNumber(plan.recipients, lang), cost: formatKrw(plan.estimate.totalKrw, lang) })}</p>} confirmLabel={t('msg.send')} onConfirm={() => void send()} disabled={busy || plan.tooLong > 0 || plan.recipients === 0} />
        </div>
      )}
      {sent !== null && <Notice kind="ok">{t('msg.sent', { sent: sent.sent, failed: sent.failed })}</Notice>}
      <DeliveryStatus base={base} electionId={e.electionId} version={sends} />
      <h3>{t('msg.delivery')}</h3>
      <div className="actions">
        <a className="btn btn-secondary" href={`${base}/delivery-report.csv`} download>
          {t('msg.deliveryReport')}
        </a>
        <button type="button" className="btn btn-secondary" onClick={() => get<CostEstimate>(`${base}/fee-statement`).then(setFees, setError)}>
          {t('msg.feeStatement')}
        </button>
      </div>
      {fees !== null && <CostTable estimate={fees} caption={t('msg.feeStatement')} />}
    </>
  );
}

export function TurnoutPanel(props: { e: AdminElection; base: string }) {
  const { t, lang } = useI18n();
  const [turnout, setTurnout] = useState<Turnout>(props.e.turnout);
  const [live, setLive] = useState<'connecting' | 'live' | 'reconnecting'>('connecting');
  useEffect(() => {
    const es = new EventSource(`${props.base}/turnout/stream`);
    let last = 0;
    es.addEventListener('turnout', (ev) => {
      try {
        setTurnout(JSON.parse((ev as MessageEvent<string>).data) as Turnout);
        last = Date.now();
        setLive('live');
      } catch {
        // ignore malformed event
      }
    });
    // A stream that ends is reopened by EventSource itself; only a long silence is shown.
    es.onerror = () => {
      if (es.readyState === EventSource.CLOSED) setLive('reconnecting');
    };
    const id = setInterval(() => {
      if (last > 0 && Date.now() - last > 20_000) setLive('reconnecting');
    }, 5000);
    return () => {
      clearInterval(id);
      es.close();
    };
  }, [props.base]);
  const tu = turnout;
  return (
    <div className="turnout" data-testid="turnout">
      <h2>{t('admin.tab.turnout')}</h2>
      <p className={`live live-${live}`} role="status">
        <span className="live-dot" aria-hidden="true" /> {t(`turnout.${live}`)} · {t('turnout.updated', { at: formatDateTime(tu.updatedAt, lang) })}
      </p>
      <div className="big-number">
        <span className="big" data-testid="turnout-voted">
          {formatNumber(tu.voted, lang)}
        </span>{' '}
        / {formatNumber(tu.eligible, lang)} <span className="pct">({formatPercent(tu.voted, tu.eligible, lang)})</span>
      </div>
      <progress className="turnout-bar" max={Math.max(1, tu.eligible)} value={tu.voted} aria-label={t('turnout.overall')} />
      <div className="grid-2">
        <BarChart title={t('turnout.byGroup')} bars={tu.byGroup.map((g) => ({ label: g.group, value: g.voted }))} unit={t('turnout.voted')} />
        <BarChart title={t('turnout.byChannel')} bars={tu.byChannel.map((c) => ({ label: t.maybe(`channel.${c.channel}`) ?? c.channel, value: c.voted }))} total={tu.voted} unit={t('turnout.voted')} />
      </div>
      <table className="table">
        <caption>{t('turnout.groupTable')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('turnout.group')}</th>
            <th scope="col">{t('turnout.voted')}</th>
            <th scope="col">{t('turnout.eligible')}</th>
            <th scope="col">{t('turnout.rate')}</th>
          </tr>
        </thead>
        <tbody>
          {tu.byGroup.map((g) => (
            <tr key={g.group}>
              <th scope="row">{g.group}</th>
              <td className="num">{formatNumber(g.voted, lang)}</td>
              <td className="num">{formatNumber(g.eligible, lang)}</td>
              <td className="num">{formatPercent(g.voted, g.eligible, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LineChart title={t('turnout.overTime')} points={tu.series.map((s) => ({ at: s.at, value: s.voted }))} max={tu.eligible} />
    </div>
  );
}

function ResultsPanel(props: PanelProps & { reload: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const { e, base } = props;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  useEffect(() => {
    if (!e.tally.published) return;
    get<{ result: Result | null }>(`/api/elections/${enc(e.electionId)}/public`).then((p) => setResult(p.result), () => undefined);
  }, [e.tally.published, e.electionId]);
  useEffect(() => {
    if (e.state !== 'closed' || e.tally.published) return;
    const id = setInterval(() => void props.reload(), 5000);
    return () => clearInterval(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [e.state, e.tally.published]);
  const go = async (name: string, f: () => Promise<unknown>): Promise<void> => {
    setBusy(name);
    setError(null);
    try {
      await f();
      await props.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  };
  const tl = e.tally;
  return (
    <>
      <h2>{t('admin.tab.results')}</h2>
      {e.state !== 'closed' && e.state !== 'tallied' && <Notice kind="info">{t('tally.afterClose')}</Notice>}
      <ol className="checklist">
        <li className={tl.combined ? 'ok' : ''}>
          {t('tally.aggregate')}: {tl.shards > 0 ? t('tally.shards', { done: tl.shardsDone, n: tl.shards }) : t('waiting')}
          {tl.shards > 0 && <progress max={tl.shards} value={tl.shardsDone} aria-label={t('tally.aggregate')} />}
          {tl.ballotCount !== null && ` · ${t('results.ballots', { n: formatNumber(tl.ballotCount, lang) })}`}
        </li>
        <li className={tl.shares.length >= tl.threshold ? 'ok' : ''}>
          {t('tally.shares', { n: tl.shares.length, t: tl.threshold })}
          {tl.shares.length > 0 && ` (${t('tally.holders', { list: tl.shares.join(', ') })})`}
        </li>
        <li className={tl.published ? 'ok' : ''}>{tl.published ? t('tally.published') : t('tally.notPublished')}</li>
      </ol>
      <div className="actions">
        {e.state === 'closed' && !tl.combined && (
          <button type="button" className="btn" disabled={busy !== null} onClick={() => void go('tally', () => post(`${base}/tally`))}>
            {t('tally.run')}
          </button>
        )}
        {tl.combined && !tl.published && (
          <ConfirmButton label={t('tally.publish')} title={t('tally.publishTitle')} body={<p>{t('tally.publishBody')}</p>} confirmLabel={t('tally.publish')} onConfirm={() => void go('publish', async () => setResult(await post<Result>(`${base}/publish`)))} disabled={busy !== null || tl.shares.length < tl.threshold} />
        )}
      </div>
      {busy !== null && <Busy label={t('admin.working')} />}
      <ErrorBox error={error} />
      {result !== null && (
        <>
          <ResultsView manifest={e.manifest} result={result.result} infos={e.info.contests} />
          <div className="actions">
            <a className="btn" href={`/api/elections/${enc(e.electionId)}/certificate.pdf`} target="_blank" rel="noopener">
              {t('results.certificate')}
            </a>
            <a className="btn btn-secondary" href={`${base}/record.ndjson`} download={`record-${e.electionId}.ndjson`}>
              {t('results.recordNdjson')}
            </a>
            {result.result.ballotCount <= MAX_JSON_RECORD_BALLOTS && (
              <a className="btn btn-secondary" href={`${base}/record`} download={`election-record-${e.electionId}.json`}>
                {t('results.record')}
              </a>
            )}
            <Link className="btn btn-secondary" to={`/e/${enc(e.electionId)}`}>
              {t('results.publicPage')}
            </Link>
          </div>
        </>
      )}
      <p>
        <button type="button" className="btn btn-link" onClick={() => navigate(`/admin/elections/${enc(e.electionId)}?tab=messages`)}>
          {t('msg.feeStatement')}
        </button>
      </p>
    </>
  );
}

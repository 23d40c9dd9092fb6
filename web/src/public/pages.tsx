// Public pages: home, tracker lookup, election results (charts + tables, certificate, record).
import { MAX_JSON_RECORD_BALLOTS, shortTracker, type Manifest, type TallyResult } from '@ballotledger/core';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, enc, get } from '../api';
import { Busy, ErrorBox, Field, Layout, Notice, StateBadge } from '../components/common';
import { BarChart } from '../components/charts';
import { formatDateTime, formatNumber, formatPercent } from '../format';
import { useI18n, type T } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import type { ContestInfo, PublicElection, Receipt } from '../types';
import { abstainIndex, optionLabel } from '../voter/ballot';

export function HomePage() {
  const { t } = useI18n();
  return (
    <Layout title={t('home.title')}>
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.lead')}</p>
      <ul className="cards">
        <li className="card">
          <h2>{t('home.voter')}</h2>
          <p>{t('home.voterBody')}</p>
          <Link to="/track">{t('home.track')}</Link>
        </li>
        <li className="card">
          <h2>{t('home.results')}</h2>
          <p>{t('home.resultsBody')}</p>
          <ResultsJump />
        </li>
        <li className="card">
          <h2>{t('home.audit')}</h2>
          <p>{t('home.auditBody')}</p>
          <Link to="/audit">{t('home.auditLink')}</Link>
        </li>
        <li className="card">
          <h2>{t('home.org')}</h2>
          <p>{t('home.orgBody')}</p>
          <p>
            <Link to="/apply">{t('home.apply')}</Link>
          </p>
          <p>
            <Link to="/apply/status">{t('home.applyStatus')}</Link>
          </p>
          <p>
            <Link to="/fees">{t('home.fees')}</Link>
          </p>
        </li>
        <li className="card">
          <h2>{t('home.staff')}</h2>
          <p>{t('home.staffBody')}</p>
          <p>
            <Link to="/admin">{t('home.admin')}</Link>
          </p>
          <p>
            <Link to="/keyholder">{t('home.keyholder')}</Link>
          </p>
        </li>
      </ul>
    </Layout>
  );
}

function ResultsJump() {
  const { t } = useI18n();
  const [eid, setEid] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(ev) => {
        ev.preventDefault();
        if (eid.trim() !== '') navigate(`/e/${enc(eid.trim())}`);
      }}
    >
      <Field label={t('field.electionId')}>{(id) => <input id={id} value={eid} onChange={(e) => setEid(e.target.value)} autoComplete="off" />}</Field>
      <button type="submit" className="btn">
        {t('home.resultsGo')}
      </button>
    </form>
  );
}

export function TrackerLookupPage() {
  const { t, lang } = useI18n();
  const loc = useLocation();
  const [eid, setEid] = useState(loc.query.get('e') ?? '');
  const [tracker, setTracker] = useState(loc.query.get('t') ?? '');
  const [answer, setAnswer] = useState<{ found: boolean; receipt: Receipt | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const lookup = async (e: string, tr: string): Promise<void> => {
    const clean = tr.trim().toLowerCase();
    if (e.trim() === '' || clean === '') return setFormError(t('track.fill'));
    if (!/^[0-9a-f]{64}$/.test(clean)) return setFormError(t('track.fullNeeded'));
    setFormError(null);
    setBusy(true);
    setError(null);
    setAnswer(null);
    try {
      setAnswer(await get<{ found: boolean; receipt: Receipt | null }>(`/api/elections/${enc(e.trim())}/trackers/${enc(clean)}`));
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NotFound') setAnswer({ found: false, receipt: null });
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (eid !== '' && tracker !== '') void lookup(eid, tracker);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const submit = (ev: FormEvent): void => {
    ev.preventDefault();
    void lookup(eid, tracker);
  };
  return (
    <Layout title={t('track.title')}>
      <h1>{t('track.title')}</h1>
      <p>{t('track.body')}</p>
      <form onSubmit={submit} noValidate>
        <Field label={t('field.electionId')}>{(id) => <input id={id} value={eid} onChange={(e) => setEid(e.target.value)} autoComplete="off" />}</Field>
        <Field label={t('track.tracker')} hint={t('track.trackerHint')} error={formError}>
          {(id, d) => <input id={id} aria-describedby={d} className="mono" value={tracker} onChange={(e) => setTracker(e.target.value)} autoComplete="off" spellCheck={false} />}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('track.submit')}
        </button>
      </form>
      <div aria-live="polite">
        {busy && <Busy label={t('loading')} />}
        <ErrorBox error={error} />
        {answer !== null && answer.found && answer.receipt !== null && (
          <Notice kind="ok">
            <p>
              <strong>{t('track.found')}</strong>
            </p>
            <dl className="facts">
              <dt>{t('tracker.short')}</dt>
              <dd className="mono">{shortTracker(answer.receipt.tracker)}</dd>
              <dt>{t('receipt.at')}</dt>
              <dd>{formatDateTime(answer.receipt.at, lang)}</dd>
              {answer.receipt.blockNumber !== null && (
                <>
                  <dt>{t('receipt.block')}</dt>
                  <dd>{answer.receipt.blockNumber}</dd>
                </>
              )}
              <dt>{t('receipt.tx')}</dt>
              <dd>
                <code className="break">{answer.receipt.txId}</code>
              </dd>
            </dl>
          </Notice>
        )}
        {answer !== null && !answer.found && (
          <Notice kind="warn" role="alert">
            {t('track.notFound')}
          </Notice>
        )}
      </div>
    </Layout>
  );
}

export function resultBars(manifest: Manifest, info: ContestInfo | undefined, counts: readonly number[], ci: number, t: T) {
  const c = manifest.contests[ci]!;
  return c.options.map((_, oi) => ({ label: optionLabel(c, oi, info, t), value: counts[oi] ?? 0 }));
}

export function ResultsView(props: { manifest: Manifest; result: TallyResult; infos: readonly ContestInfo[] }) {
  const { t, lang } = useI18n();
  const { manifest, result } = props;
  return (
    <div className="results">
      <p>{t('results.ballots', { n: formatNumber(result.ballotCount, lang) })}</p>
      {manifest.contests.map((c, ci) => {
        const counts = result.contests.find((x) => x.contestId === c.contestId)?.counts ?? [];
        const info = props.infos.find((x) => x.contestId === c.contestId);
        const ai = abstainIndex(c);
        const total = c.type === 'score' || c.type === 'scale' ? undefined : counts.reduce((s, v) => s + v, 0);
        return (
          <section key={c.contestId} className="result-contest">
            <h2>{c.label}</h2>
            {c.type === 'scale' && (
              <p>
                {t('results.scaleAverage', {
                  avg: (() => {
                    const voters = result.ballotCount - (ai >= 0 ? (counts[ai] ?? 0) : 0);
                    return voters > 0 ? new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', { maximumFractionDigits: 2 }).format((counts[0] ?? 0) / voters) : '–';
                  })(),
                })}
              </p>
            )}
            <BarChart title={c.type === 'score' ? t('results.points') : c.type === 'scale' ? t('results.sumRatings') : t('results.votes')} bars={resultBars(manifest, info, counts, ci, t)} {...(total === undefined ? {} : { total })} unit={c.type === 'score' ? t('results.points') : t('results.votes')} />
          </section>
        );
      })}
    </div>
  );
}

export function ElectionPage(props: { electionId: string }) {
  const { t, lang } = useI18n();
  const [e, setE] = useState<PublicElection | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    get<PublicElection>(`/api/elections/${enc(props.electionId)}/public`).then(setE, setError);
  }, [props.electionId]);
  const eid = enc(props.electionId);
  return (
    <Layout title={e?.title ?? t('results.title')}>
      {error !== null && <ErrorBox error={error} />}
      {e === null && error === null && <Busy label={t('loading')} />}
      {e !== null && (
        <>
          <h1>{e.title}</h1>
          <p>
            <StateBadge state={e.state} /> {t('voter.schedule', { opens: formatDateTime(e.schedule.opensAt, lang), closes: formatDateTime(e.schedule.closesAt, lang) })}
          </p>
          <p>
            {t('results.turnout', {
              voted: formatNumber(e.turnout.voted, lang),
              eligible: formatNumber(e.turnout.eligible, lang),
              pct: formatPercent(e.turnout.voted, e.turnout.eligible, lang),
            })}
          </p>
          {e.result !== null ? (
            <>
              <p className="hint">{t('results.publishedAt', { at: formatDateTime(e.result.publishedAt, lang) })}</p>
              <ResultsView manifest={e.manifest} result={e.result.result} infos={e.info.contests} />
              <div className="actions">
                <a className="btn" href={`/api/elections/${eid}/certificate.pdf`} target="_blank" rel="noopener">
                  {t('results.certificate')}
                </a>
                <a className="btn btn-secondary" href={`/api/elections/${eid}/record.ndjson`} download={`record-${props.electionId}.ndjson`}>
                  {t('results.recordNdjson')}
                </a>
                {e.result.result.ballotCount <= MAX_JSON_RECORD_BALLOTS && (
                  <a className="btn btn-secondary" href={`/api/elections/${eid}/record`} download={`election-record-${props.electionId}.json`}>
                    {t('results.record')}
                  </a>
                )}
                <Link className="btn btn-secondary" to={`/audit/verify?e=${eid}`}>
                  {t('results.verify')}
                </Link>
              </div>
              {e.anchors.resultTxId !== null && (
                <p className="hint">
                  {t('results.anchor', { tx: e.anchors.resultTxId, block: e.anchors.resultBlock ?? '–' })}
                </p>
              )}
            </>
          ) : (
            <Notice kind="info">{t('results.notYet')}</Notice>
          )}
          <p>
            <Link to={`/track?e=${eid}`}>{t('home.track')}</Link>
          </p>
        </>
      )}
    </Layout>
  );
}

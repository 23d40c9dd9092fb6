// Auditor view: peers side by side, the election-record verifier (in this browser, with Web
// Workers; the streamed form record.ndjson is verified as it downloads or is read from the file,
// the JSON form whole), tracker lookup, and spoiled-ballot (Benaloh challenge) checks.
import { ballotTracker, RECORD_CHECKS, splitElectionRecord, verifyElectionRecordStream, verifySpoiledBallot, type Ballot, type Manifest, type RecordReport } from '@ballotledger/core';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, enc, get, getStream } from '../api';
import { Busy, ErrorBox, Field, Layout, Notice } from '../components/common';
import { formatDateTime, formatNumber, formatTime } from '../format';
import { useI18n } from '../i18n';
import { Link, useLocation } from '../router';
import type { PeerInfo, PeersAnswer, PublicElection } from '../types';
import { describeChoice } from '../voter/ballot';
import { readStreamedRecordFrom } from './record-text';
import { workerCount, workerRunner } from './workers';

export function AuditorApp() {
  const { t } = useI18n();
  const loc = useLocation();
  let body: ReactNode;
  if (loc.path === '/audit/verify') body = <RecordVerifier />;
  else if (loc.path === '/audit/spoiled') body = <SpoiledCheck />;
  else body = <PeersView />;
  const nav = (
    <nav className="top-nav" aria-label={t('audit.nav')}>
      <Link to="/audit" aria-current={loc.path === '/audit' ? 'page' : undefined}>
        {t('audit.peers')}
      </Link>
      <Link to="/audit/verify" aria-current={loc.path === '/audit/verify' ? 'page' : undefined}>
        {t('audit.verify')}
      </Link>
      <Link to="/audit/spoiled" aria-current={loc.path === '/audit/spoiled' ? 'page' : undefined}>
        {t('audit.spoiled')}
      </Link>
      <Link to="/track">{t('audit.track')}</Link>
    </nav>
  );
  return (
    <Layout wide title={t('audit.title')} nav={nav}>
      {body}
    </Layout>
  );
}

function shortHash(h: string): string {
  return h.length > 20 ? `${h.slice(0, 10)}…${h.slice(-8)}` : h;
}

function PeersView() {
  const { t, lang } = useI18n();
  const [data, setData] = useState<PeersAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const load = async (): Promise<void> => {
    setBusy(true);
    try {
      setData(await get<PeersAnswer>('/api/audit/peers'));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load();
  }, []);
  const chainCheck = (p: PeerInfo): string => {
    if (p.chainFault) return t('audit.chainFault', { h: formatNumber(p.chainFault.height, lang), reason: p.chainFault.reason });
    if (!p.healthy) return '—';
    if (p.verifiedHeight === 0) return t('audit.chainNone');
    const last = formatNumber(p.verifiedHeight - 1, lang);
    const progress = p.verifiedHeight >= p.height ? t('audit.chainDone', { last }) : t('audit.chainPartial', { last });
    return p.chainCheckStartedAt === null ? progress : `${progress} · ${t('audit.chainSince', { at: formatTime(p.chainCheckStartedAt, lang) })}`;
  };
  const mismatched = new Set(data?.mismatches.map((m) => m.peer) ?? []);
  const maxHeight = Math.max(0, ...(data?.peers.map((p) => p.height) ?? []));
  const majorityHash = (() => {
    const counts = new Map<string, number>();
    data?.peers.filter((p) => p.height === maxHeight).forEach((p) => counts.set(p.currentBlockHash, (counts.get(p.currentBlockHash) ?? 0) + 1));
    return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  })();
  return (
    <>
      <h1>{t('audit.peersTitle')}</h1>
      <p>{t('audit.peersBody')}</p>
      <ErrorBox error={error} />
      {busy && data === null && <Busy label={t('loading')} />}
      {data !== null && (
        <>
          {data.agree ? (
            <Notice kind="ok">{t('audit.agree', { n: data.peers.length, h: formatNumber(maxHeight, lang) })}</Notice>
          ) : (
            <Notice kind="error" role="alert">
              <p>
                <strong>{t('audit.disagree')}</strong>
              </p>
              <ul>
                {data.mismatches.map((m, i) => (
                  <li key={i}>{t('audit.mismatch', { peer: m.peer, h: m.height, reason: m.reason })}</li>
                ))}
              </ul>
            </Notice>
          )}
          <p className="hint">{t('audit.checkedAt', { at: formatDateTime(data.checkedAt, lang) })}</p>
          <p className="hint">{t('audit.chainHint')}</p>
          <div className="peer-grid" data-testid="peers">
            {data.peers.map((p) => {
              const bad = mismatched.has(p.org) || !p.healthy || (p.height === maxHeight && majorityHash !== null && p.currentBlockHash !== majorityHash);
              return (
                <article key={p.address} className={bad ? 'peer peer-bad' : 'peer'} data-mismatch={bad ? 'true' : 'false'} aria-label={`${p.org} ${bad ? t('audit.peerBad') : t('audit.peerOk')}`}>
                  <h2>
                    {p.org} <span className="hint">{p.mspId}</span>
                  </h2>
                  <p className={bad ? 'peer-status bad' : 'peer-status ok'}>{bad ? `✗ ${t('audit.peerBad')}` : `✓ ${t('audit.peerOk')}`}</p>
                  <dl className="facts">
                    <dt>{t('audit.address')}</dt>
                    <dd>{p.address}</dd>
                    <dt>{t('audit.health')}</dt>
                    <dd>{p.healthy ? t('audit.healthy') : t('audit.unhealthy')}</dd>
                    <dt>{t('audit.height')}</dt>
                    <dd className={p.height !== maxHeight ? 'bad' : ''}>{formatNumber(p.height, lang)}</dd>
                    <dt>{t('audit.current')}</dt>
                    <dd>
                      <code title={p.currentBlockHash} className={p.height === maxHeight && p.currentBlockHash !== majorityHash ? 'bad' : ''}>
                        {shortHash(p.currentBlockHash)}
                      </code>
                    </dd>
                    <dt>{t('audit.previous')}</dt>
                    <dd>
                      <code title={p.previousBlockHash}>{shortHash(p.previousBlockHash)}</code>
                    </dd>
                    <dt>{t('audit.chain')}</dt>
                    <dd data-testid="chain-check" className={p.chainFault ? 'bad' : ''}>{chainCheck(p)}</dd>
                  </dl>
                </article>
              );
            })}
          </div>
        </>
      )}
      <button type="button" className="btn btn-secondary" onClick={() => void load()} disabled={busy}>
        {t('refresh')}
      </button>
    </>
  );
}

function RecordVerifier() {
  const { t, lang } = useI18n();
  const loc = useLocation();
  const [eid, setEid] = useState(loc.query.get('e') ?? '');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<RecordReport | null>(null);
  const [manifest, setManifest] = useState<Manifest | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [phase, setPhase] = useState<'idle' | 'loading' | 'verifying'>('idle');
  const verify = async (record: { header: unknown; ballots: AsyncIterable<unknown> | Iterable<unknown> }): Promise<void> => {
    setPhase('verifying');
    setReport(null);
    setProgress({ done: 0, total: 0 });
    try {
      setManifest((record.header as { manifest?: Manifest } | null)?.manifest ?? null);
      const r = await verifyElectionRecordStream(record.header, record.ballots, { onProgress: (done, total) => setProgress({ done, total }), runChunks: workerRunner(), chunkSize: 64 });
      setReport(r);
    } catch (e) {
      setError(e);
    } finally {
      setPhase('idle');
    }
  };
  const fetchRecord = async (): Promise<void> => {
    setError(null);
    setPhase('loading');
    try {
      const id = enc(eid.trim());
      let body: ReadableStream<Uint8Array<ArrayBuffer>>;
      try {
        body = await getStream(`/api/elections/${id}/record.ndjson`);
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) body = await getStream(`/api/audit/elections/${id}/record.ndjson`);
        else throw e;
      }
      const streamed = await readStreamedRecordFrom(body);
      if (streamed === null) throw new Error(t('audit.notRecord'));
      await verify(streamed);
    } catch (e) {
      setError(e);
      setPhase('idle');
    }
  };
  const fromFile = async (file: File): Promise<void> => {
    setError(null);
    try {
      await verify((await readStreamedRecordFrom(file.stream())) ?? splitElectionRecord(JSON.parse(await file.text())));
    } catch (e) {
      setError(e instanceof SyntaxError ? new Error(t('audit.notJson')) : e);
    }
  };
  const pct = progress && progress.total > 0 ? progress.done / progress.total : phase === 'verifying' ? 0 : null;
  return (
    <>
      <h1>{t('audit.verifyTitle')}</h1>
      <p>{t('audit.verifyBody', { n: RECORD_CHECKS.length, w: workerCount() })}</p>
      <div className="grid-2">
        <form
          className="panel"
          onSubmit={(ev) => {
            ev.preventDefault();
            void fetchRecord();
          }}
        >
          <h2>{t('audit.fromServer')}</h2>
          <Field label={t('field.electionId')}>{(id) => <input id={id} value={eid} onChange={(e) => setEid(e.target.value)} />}</Field>
          <div className="actions">
            <button type="submit" className="btn" disabled={phase !== 'idle' || eid.trim() === ''}>
              {t('audit.fetchVerify')}
            </button>
            {eid.trim() !== '' && (
              <a className="btn btn-secondary" href={`/api/elections/${enc(eid.trim())}/record.ndjson`} download={`record-${eid.trim()}.ndjson`}>
                {t('audit.downloadRecord')}
              </a>
            )}
          </div>
        </form>
        <div className="panel">
          <h2>{t('audit.fromFile')}</h2>
          <Field label={t('audit.recordFile')}>{(id) => <input id={id} type="file" accept=".ndjson,.json,application/x-ndjson,application/json" onChange={(e) => e.target.files?.[0] && void fromFile(e.target.files[0])} />}</Field>
        </div>
      </div>
      {phase === 'loading' && <Busy label={t('audit.downloading')} />}
      {phase === 'verifying' && (
        <div className="verify-progress">
          <Busy label={t('audit.verifying', { done: formatNumber(progress?.done ?? 0, lang), total: formatNumber(progress?.total ?? 0, lang) })} progress={pct} />
        </div>
      )}
      <ErrorBox error={error} />
      {report !== null && (
        <section aria-labelledby="report-title" data-testid="verify-report">
          <h2 id="report-title">{t('audit.report')}</h2>
          {report.ok ? (
            <Notice kind="ok">
              <strong>{t('audit.allPass', { n: report.checks.length, b: formatNumber(report.ballotCount, lang) })}</strong>
            </Notice>
          ) : (
            <Notice kind="error" role="alert">
              <strong>{t('audit.someFail', { n: report.checks.filter((c) => c.status === 'fail').length })}</strong>
            </Notice>
          )}
          <ol className="vcheck-list">
            {report.checks.map((c) => (
              <li key={c.id} className={`vcheck vcheck-${c.status}`} data-check={c.name} data-status={c.status}>
                <span className="vcheck-id">{String(c.id).padStart(2, '0')}</span>
                <span className="vcheck-status">{c.status === 'pass' ? `✓ ${t('audit.pass')}` : c.status === 'fail' ? `✗ ${t('audit.fail')}` : `– ${t('audit.skip')}`}</span>
                <span className="vcheck-name">
                  <strong>{t.maybe(`check.${c.name}`) ?? c.name}</strong> <code>{c.name}</code>
                </span>
                <span className="vcheck-detail">
                  {c.detail}
                  {c.failedCheck && (
                    <>
                      {' '}
                      · <code>{c.failedCheck}</code>
                    </>
                  )}
                </span>
              </li>
            ))}
          </ol>
          {report.anchors.length > 0 && (
            <>
              <h3>{t('audit.anchors')}</h3>
              <p className="hint">{t('audit.anchorsNote')}</p>
              <ul>
                {report.anchors.map((a, i) => (
                  <li key={i}>
                    {a.item}: {t('audit.anchor', { block: a.blockNumber ?? '–', tx: a.txId ?? '–' })}
                  </li>
                ))}
              </ul>
            </>
          )}
          {report.result !== null && manifest !== null && (
            <>
              <h3>{t('audit.recomputed')}</h3>
              <ul>
                {manifest.contests.map((c) => (
                  <li key={c.contestId}>
                    {c.label}: {report.result!.contests.find((x) => x.contestId === c.contestId)?.counts.join(' / ')}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </>
  );
}

interface SpoiledFile {
  electionId?: string;
  tracker?: string;
  manifest?: Manifest;
  jointKey?: string;
  electionBaseHash?: string;
  ballot?: unknown;
  reveal?: unknown;
}

function SpoiledCheck() {
  const { t } = useI18n();
  const loc = useLocation();
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ ok: true; lines: string[]; tracker: string | null } | { ok: false; reason: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async (raw: string): Promise<void> => {
    setBusy(true);
    setResult(null);
    try {
      let f: SpoiledFile;
      try {
        f = JSON.parse(raw) as SpoiledFile;
      } catch {
        return setResult({ ok: false, reason: t('audit.notJson') });
      }
      let manifest = f.manifest;
      let jointKey = f.jointKey;
      let baseHash = f.electionBaseHash;
      const electionId = f.electionId ?? (f.ballot as { electionId?: string } | undefined)?.electionId;
      if ((manifest === undefined || jointKey === undefined || baseHash === undefined) && electionId !== undefined) {
        const p = await get<PublicElection>(`/api/elections/${enc(electionId)}/public`);
        manifest ??= p.manifest;
        jointKey ??= p.jointKey ?? undefined;
        baseHash ??= p.electionBaseHash ?? undefined;
      }
      if (manifest === undefined || jointKey === undefined || baseHash === undefined) return setResult({ ok: false, reason: t('audit.spoiledNoContext') });
      const values = verifySpoiledBallot(f.ballot, f.reveal, { manifest, jointKey, electionBaseHash: baseHash });
      if (f.tracker !== undefined && ballotTracker(f.ballot as Ballot) !== f.tracker) return setResult({ ok: false, reason: t('audit.spoiledTrackerMismatch') });
      const lines = manifest.contests.map((c, ci) => `${c.label}: ${describeChoice(c, undefined, values[ci]!, t).join(', ')}`);
      setResult({ ok: true, lines, tracker: f.tracker ?? null });
    } catch (e) {
      setResult({ ok: false, reason: e instanceof Error ? `${(e as { check?: string }).check ? `${(e as { check?: string }).check}: ` : ''}${e.message}` : String(e) });
    } finally {
      setBusy(false);
    }
  };
  // A link with the election and the tracker (the voter's "check it on another device") fetches
  // the spoiled ballot the ledger published and checks it at once.
  const electionId = loc.query.get('e');
  const tracker = loc.query.get('t');
  useEffect(() => {
    if (electionId === null || tracker === null) return;
    setBusy(true);
    get<{ ballot: unknown; reveal: unknown }>(`/api/elections/${enc(electionId)}/spoiled/${enc(tracker)}`).then(
      (s) => {
        const raw = JSON.stringify({ electionId, tracker, ballot: s.ballot, reveal: s.reveal });
        setText(raw);
        void check(raw);
      },
      (e: unknown) => {
        setBusy(false);
        setResult({ ok: false, reason: e instanceof ApiError && e.status === 404 ? t('audit.spoiledNotFound') : e instanceof Error ? e.message : String(e) });
      },
    );
  }, [electionId, tracker]);
  return (
    <>
      <h1>{t('audit.spoiledTitle')}</h1>
      <p>{t('audit.spoiledBody')}</p>
      {tracker !== null && (
        <p className="hint">
          {t('tracker.full')}: <code className="break">{tracker}</code>
        </p>
      )}
      <Field label={t('audit.spoiledFile')}>{(id) => <input id={id} type="file" accept=".ndjson,.json,application/x-ndjson,application/json" onChange={(e) => e.target.files?.[0] && void e.target.files[0].text().then((s) => (setText(s), check(s)))} />}</Field>
      <Field label={t('audit.spoiledPaste')}>{(id) => <textarea id={id} rows={6} className="mono" value={text} onChange={(e) => setText(e.target.value)} />}</Field>
      <button type="button" className="btn" onClick={() => void check(text)} disabled={busy || text.trim() === ''}>
        {t('audit.spoiledCheck')}
      </button>
      {busy && <Busy label={t('loading')} />}
      <div aria-live="polite">
        {result !== null && result.ok && (
          <Notice kind="ok">
            <p>
              <strong>{t('audit.spoiledOk')}</strong>
            </p>
            <ul>
              {result.lines.map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          </Notice>
        )}
        {result !== null && !result.ok && (
          <Notice kind="error" role="alert">
            <p>
              <strong>{t('audit.spoiledBad')}</strong>
            </p>
            <p>{result.reason}</p>
          </Notice>
        )}
      </div>
    </>
  );
}

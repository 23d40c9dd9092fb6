// Key-holder console: identity file in memory → signed-challenge login → guided ceremony
// (round 1 with a forced, verified backup; round 2; review) → decryption share after close.
import {
  canonicalJson,
  ceremonyParams,
  checkRound1,
  computeDecryptionShare,
  holderSecretShare,
  openHolderState,
  receiveShares,
  round1,
  round2,
  sealHolderState,
  type HolderState,
  type Round1Message,
} from '@ballotledger/core';
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { enc, get, post, setCsrfToken } from '../api';
import { Busy, ErrorBox, Field, Layout, Notice, StateBadge } from '../components/common';
import { ElectionTable } from '../components/ElectionTable';
import { downloadFile } from '../download';
import { useI18n } from '../i18n';
import type { KeyholderCeremony, KeyholderElection, KeyholderTally } from '../types';
import { IdentityFileError, parseIdentityFile, signChallenge, type FabricIdentity } from './fabric';
import { TxSigner, type TxResult } from './TxSigner';

export function KeyholderApp() {
  const { t } = useI18n();
  const [identity, setIdentity] = useState<FabricIdentity | null>(null);
  const [loggedIn, setLoggedIn] = useState(false);
  const [election, setElection] = useState<KeyholderElection | null>(null);
  let body: ReactNode;
  if (identity === null) body = <IdentityLoader onLoad={setIdentity} />;
  else if (!loggedIn) body = <ChallengeLogin identity={identity} onDone={() => setLoggedIn(true)} onForget={() => setIdentity(null)} />;
  else if (election === null) body = <HolderElections onPick={setElection} />;
  else body = <HolderCeremony identity={identity} election={election} onBack={() => setElection(null)} />;
  const nav = identity ? (
    <nav className="top-nav" aria-label={t('kh.title')}>
      <span className="who">
        {identity.enrollmentId} · {identity.mspId}
      </span>
      <button
        type="button"
        className="btn btn-link"
        onClick={() => {
          setIdentity(null);
          setLoggedIn(false);
          setElection(null);
          setCsrfToken(null);
          void post('/api/staff/logout').catch(() => undefined);
        }}
      >
        {t('kh.forget')}
      </button>
    </nav>
  ) : null;
  return (
    <Layout wide title={t('kh.title')} nav={nav}>
      {body}
    </Layout>
  );
}

function IdentityLoader(props: { onLoad: (id: FabricIdentity) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const load = async (file: File): Promise<void> => {
    try {
      props.onLoad(parseIdentityFile(await file.text()));
    } catch (e) {
      setError(e instanceof IdentityFileError ? t(`kh.idErr.${e.reason}`) : String(e));
    }
  };
  return (
    <div className="narrow">
      <h1>{t('kh.title')}</h1>
      <p>{t('kh.intro')}</p>
      <Notice kind="info" role="note">
        {t('kh.memoryOnly')}
      </Notice>
      <Field label={t('kh.idFile')} hint={t('kh.idFileHint')} error={error}>
        {(id, d) => <input id={id} aria-describedby={d} type="file" accept=".json,application/json" onChange={(e) => e.target.files?.[0] && void load(e.target.files[0])} />}
      </Field>
    </div>
  );
}

function ChallengeLogin(props: { identity: FabricIdentity; onDone: () => void; onForget: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const login = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const { challenge } = await get<{ challenge: string }>('/api/keyholder/challenge');
      const r = await post<{ mspId: string; enrollmentId: string; csrfToken: string }>('/api/keyholder/login', { challenge, certificate: props.identity.certificate, signature: signChallenge(props.identity, challenge) });
      setCsrfToken(r.csrfToken);
      props.onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="narrow">
      <h1>{t('kh.loginTitle')}</h1>
      <dl className="facts">
        <dt>{t('kh.msp')}</dt>
        <dd>{props.identity.mspId}</dd>
        <dt>{t('kh.enrollment')}</dt>
        <dd>{props.identity.enrollmentId}</dd>
      </dl>
      <p>{t('kh.loginBody')}</p>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => void login()} disabled={busy}>
          {t('kh.login')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={props.onForget}>
          {t('kh.otherFile')}
        </button>
      </div>
    </div>
  );
}

function HolderElections(props: { onPick: (e: KeyholderElection) => void }) {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('kh.elections')}</h1>
      <ElectionTable<KeyholderElection>
        path="/api/keyholder/elections"
        none={t('kh.none')}
        title={(e) => (
          <button type="button" className="btn btn-link" onClick={() => props.onPick(e)}>
            {e.title}
          </button>
        )}
        columns={[
          { header: t('kh.you'), cell: (e) => t('kh.holderOf', { i: e.holder, n: e.holders, t: e.threshold }) },
          { header: t('kh.todo'), cell: (e) => t(`kh.stage.${e.stage}`) },
        ]}
      />
    </>
  );
}

function backupName(s: HolderState): string {
  return `ballotledger-keyholder-${s.electionId}-holder${s.holder}.json`;
}

/** Opens a sealed backup file with its passphrase. */
function RestoreBackup(props: { electionId: string; holder: number; onRestore: (s: HolderState) => void; title: string }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [pass, setPass] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    if (file === null) return setError(t('kh.backup.chooseFile'));
    setBusy(true);
    setError(null);
    try {
      const s = await openHolderState(JSON.parse(await file.text()), pass);
      if (s.electionId !== props.electionId || s.holder !== props.holder) setError(t('kh.backup.otherElection'));
      else props.onRestore(s);
    } catch {
      setError(t('kh.backup.cannotOpen'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={(ev) => void submit(ev)}>
      <h3>{props.title}</h3>
      <Field label={t('kh.backup.file')}>{(id) => <input id={id} type="file" accept=".json,application/json" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}</Field>
      <Field label={t('kh.backup.passphrase')} error={error}>
        {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="off" value={pass} onChange={(e) => setPass(e.target.value)} />}
      </Field>
      <button type="submit" className="btn" disabled={busy}>
        {t('kh.backup.open')}
      </button>
      {busy && <Busy label={t('kh.backup.opening')} />}
    </form>
  );
}

function BackupStep(props: { state: HolderState; onVerified: () => void }) {
  const { t } = useI18n();
  const [pass, setPass] = useState('');
  const [pass2, setPass2] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const [verified, setVerified] = useState(false);
  const save = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    if (pass.length < 12) return setError(t('kh.backup.short'));
    if (pass !== pass2) return setError(t('kh.backup.mismatch'));
    setError(null);
    setBusy(true);
    try {
      const sealed = await sealHolderState(props.state, pass);
      downloadFile(backupName(props.state), JSON.stringify(sealed, null, 2));
      setSaved(true);
    } catch (e) {
      setError(String(e));
    } finally {
      setBusy(false);
      setPass('');
      setPass2('');
    }
  };
  return (
    <div className="panel" data-testid="backup-step">
      <h3>{t('kh.backup.title')}</h3>
      <p>{t('kh.backup.explain')}</p>
      {!verified && <form onSubmit={(ev) => void save(ev)}>
        <Field label={t('kh.backup.passphrase')} hint={t('kh.backup.passHint')}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />}
        </Field>
        <Field label={t('kh.backup.passphrase2')} error={error}>
          {(id, d) => <input id={id} aria-describedby={d} type="password" autoComplete="new-password" value={pass2} onChange={(e) => setPass2(e.target.value)} />}
        </Field>
        <button type="submit" className="btn" disabled={busy}>
          {t('kh.backup.save')}
        </button>
        {busy && <Busy label={t('kh.backup.sealing')} />}
      </form>}
      {saved && !verified && (
        <>
          <Notice kind="info">{t('kh.backup.saved', { file: backupName(props.state) })}</Notice>
          <RestoreBackup
            title={t('kh.backup.verifyTitle')}
            electionId={props.state.electionId}
            holder={props.state.holder}
            onRestore={(s) => {
              if (canonicalJson(s) === canonicalJson(props.state)) {
                setVerified(true);
                props.onVerified();
              } else setError(t('kh.backup.differs'));
            }}
          />
        </>
      )}
      {verified && <Notice kind="ok">{t('kh.backup.verified')}</Notice>}
    </div>
  );
}

function HolderCeremony(props: { identity: FabricIdentity; election: KeyholderElection; onBack: () => void }) {
  const { t } = useI18n();
  const e = props.election;
  const [cer, setCer] = useState<KeyholderCeremony | null>(null);
  const [stage, setStage] = useState(e.stage);
  const [error, setError] = useState<unknown>(null);
  const [state, setState] = useState<HolderState | null>(null);
  const [r1, setR1] = useState<Round1Message | null>(null);
  const [backupOk, setBackupOk] = useState(false);
  const [tally, setTally] = useState<KeyholderTally | null>(null);
  const [posted, setPostedState] = useState<TxResult | null>(null);
  const setPosted = (r: TxResult | false): void => setPostedState(r === false ? null : r);
  const base = `/api/keyholder/elections/${enc(e.electionId)}`;
  const reload = async (): Promise<void> => {
    try {
      const c = await get<KeyholderCeremony>(`${base}/ceremony`);
      setCer(c);
      const list = await get<KeyholderElection[]>('/api/keyholder/elections');
      const me = list.find((x) => x.electionId === e.electionId);
      if (me) setStage(me.stage);
      if (me?.stage === 'decrypt') setTally(await get<KeyholderTally>(`${base}/tally`));
      setPosted(false);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [e.electionId]);
  // Derived messages are computed once per input (they use fresh randomness), so what is shown
  // for signing is exactly what is sent.
  const derived = useMemo(() => {
    const out: { round2: ReturnType<typeof round2> | null; review: { v: 1; electionId: string; holder: number; complaints: ReturnType<typeof receiveShares>['complaints'] } | null; senders: { sender: number; ok: boolean }[]; share: ReturnType<typeof computeDecryptionShare> | null; error: unknown } = { round2: null, review: null, senders: [], share: null, error: null };
    if (cer === null || state === null) return out;
    const pp = ceremonyParams(cer.manifest);
    try {
      if (stage === 'round2') out.round2 = round2(state, cer.round1.map((m, k) => checkRound1(m, pp, `round1[${k}]`)), pp);
      if (stage === 'review') {
        const { shares, complaints } = receiveShares(state, cer.round1, cer.round2, pp);
        out.review = { v: 1, electionId: e.electionId, holder: cer.holder, complaints };
        out.senders = cer.round2.filter((m) => m.sender !== cer.holder).map((m) => ({ sender: m.sender, ok: shares.has(m.sender) }));
      }
      if (stage === 'decrypt' && tally?.tally && cer.result) {
        const { shares } = receiveShares(state, cer.round1, cer.round2, pp);
        out.share = computeDecryptionShare(cer.manifest, tally.tally, holderSecretShare(state, shares, cer.result), cer.result);
      }
    } catch (x) {
      out.error = x;
    }
    return out;
  }, [cer, state, stage, tally, e.electionId]);
  if (cer === null) return error !== null ? <ErrorBox error={error} /> : <Busy label={t('loading')} />;
  const p = ceremonyParams(cer.manifest);
  const holder = cer.holder;
  const steps = ['round1', 'round2', 'review', 'decrypt'] as const;
  let panel: ReactNode = null;
  const needState = (title: string): ReactNode =>
    state === null ? <RestoreBackup title={title} electionId={e.electionId} holder={holder} onRestore={setState} /> : null;

  if (posted !== null) {
    panel = (
      <div className="actions" data-testid="tx-signer">
        <Notice kind="ok">{t('tx.done', { tx: posted.txId, block: posted.blockNumber ?? '–' })}</Notice>
        <button type="button" className="btn" onClick={() => void reload()}>
          {t('kh.continue')}
        </button>
      </div>
    );
  } else if (stage === 'round1') {
    panel = (
      <>
        <p>{t('kh.r1.explain')}</p>
        {state === null ? (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              const r = round1(p, holder);
              setState(r.state);
              setR1(r.message);
            }}
          >
            {t('kh.r1.generate')}
          </button>
        ) : (
          <Notice kind="ok">{t('kh.r1.generated', { t: p.threshold })}</Notice>
        )}
        {state !== null && <BackupStep state={state} onVerified={() => setBackupOk(true)} />}
        {state !== null && r1 !== null && !backupOk && <p className="hint">{t('kh.r1.backupFirst')}</p>}
        {state !== null && r1 !== null && backupOk && (
          <TxSigner
            identity={props.identity}
            electionId={e.electionId}
            name="PostCeremonyRound1"
            payload={r1}
            summary={[t('kh.sum.holder', { i: holder }), t('kh.sum.commitments', { n: r1.commitments.length }), t('kh.sum.commKey')]}
            onDone={(r) => setPosted(r)}
          />
        )}
      </>
    );
  } else if (stage === 'round2') {
    const msg = derived.round2;
    const err = derived.error;
    panel = (
      <>
        <p>{t('kh.r2.explain')}</p>
        {needState(t('kh.restoreTitle'))}
        <ErrorBox error={err} />
        {msg !== null && (
          <TxSigner
            identity={props.identity}
            electionId={e.electionId}
            name="PostCeremonyRound2"
            payload={msg}
            summary={[t('kh.sum.holder', { i: holder }), t('kh.sum.shares', { n: msg.shares.length, list: msg.shares.map((s) => s.recipient).join(', ') })]}
            onDone={(r) => setPosted(r)}
          />
        )}
      </>
    );
  } else if (stage === 'review') {
    const review = derived.review;
    const senders = derived.senders;
    const err = derived.error;
    panel = (
      <>
        <p>{t('kh.review.explain')}</p>
        {needState(t('kh.restoreTitle'))}
        <ErrorBox error={err} />
        {review !== null && (
          <>
            <ul className="checklist" data-testid="received-shares">
              {senders.map((s) => (
                <li key={s.sender} className={s.ok ? 'ok' : 'bad'}>
                  {s.ok ? t('kh.review.ok', { i: s.sender }) : t('kh.review.bad', { i: s.sender })}
                </li>
              ))}
            </ul>
            {review.complaints.length > 0 && <Notice kind="warn">{t('kh.review.complaints', { n: review.complaints.length })}</Notice>}
            <TxSigner
              identity={props.identity}
              electionId={e.electionId}
              name="PostCeremonyReview"
              payload={review}
              summary={[t('kh.sum.holder', { i: holder }), review.complaints.length === 0 ? t('kh.sum.allGood') : t('kh.sum.complaints', { list: review.complaints.map((c) => c.accused).join(', ') })]}
              onDone={(r) => setPosted(r)}
            />
          </>
        )}
      </>
    );
  } else if (stage === 'decrypt') {
    const share = derived.share;
    const err = derived.error;
    panel = (
      <>
        <p>{t('kh.dec.explain')}</p>
        {tally !== null && <p>{t('tally.shares', { n: tally.shares.length, t: p.threshold })}</p>}
        {tally !== null && tally.tally === null && <Notice kind="info">{t('kh.dec.noTally')}</Notice>}
        {needState(t('kh.restoreTitle'))}
        <ErrorBox error={err} />
        {share !== null && (
          <TxSigner
            identity={props.identity}
            electionId={e.electionId}
            name="SubmitDecryptionShare"
            payload={share}
            summary={[t('kh.sum.holder', { i: holder }), t('kh.sum.decryption', { n: share.contests.reduce((s, c) => s + c.selections.length, 0), ballots: tally?.tally?.ballotCount ?? 0 })]}
            onDone={(r) => setPosted(r)}
          />
        )}
      </>
    );
  } else if (stage === 'waiting') {
    panel = <Notice kind="info">{t('kh.waiting')}</Notice>;
  } else {
    panel = <Notice kind="ok">{t('kh.done')}</Notice>;
  }

  const r1set = new Set(cer.round1.map((m) => m.holder));
  const r2set = new Set(cer.round2.map((m) => m.sender));
  const reviewed = new Set((cer.reviews as { holder?: number }[]).map((r) => r.holder));
  const decShares = new Set(tally?.shares ?? []);
  return (
    <>
      <p>
        <button type="button" className="btn btn-link" onClick={props.onBack}>
          ← {t('kh.elections')}
        </button>
      </p>
      <h1>{e.title}</h1>
      <p>
        {t('kh.holderOf', { i: holder, n: p.holders, t: p.threshold })} · <StateBadge state={e.state} />
      </p>
      <ol className="stepper" aria-label={t('kh.steps')}>
        {steps.map((s, i) => (
          <li key={s} className={s === stage ? 'current' : steps.indexOf(stage as (typeof steps)[number]) > i || stage === 'done' ? 'done' : ''}>
            <span className="step-btn" aria-current={s === stage ? 'step' : undefined}>
              <span className="step-num" aria-hidden="true">
                {i + 1}
              </span>
              {t(`kh.stage.${s}`)}
            </span>
          </li>
        ))}
      </ol>
      <section className="panel" aria-labelledby="kh-stage">
        <h2 id="kh-stage">{t(`kh.stage.${stage}`)}</h2>
        {panel}
      </section>
      <h2>{t('kh.progress')}</h2>
      <table className="table" data-testid="holders-progress">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('kh.round1')}</th>
            <th scope="col">{t('kh.round2')}</th>
            <th scope="col">{t('kh.review')}</th>
            <th scope="col">{t('kh.decryption')}</th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: p.holders }, (_, k) => k + 1).map((i) => (
            <tr key={i} className={i === holder ? 'me' : ''}>
              <th scope="row">
                {i}
                {i === holder ? ` (${t('kh.you')})` : ''}
              </th>
              <td>{r1set.has(i) ? '✓' : '…'}</td>
              <td>{r2set.has(i) ? '✓' : '…'}</td>
              <td>{reviewed.has(i) ? '✓' : '…'}</td>
              <td>{decShares.has(i) ? '✓' : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn btn-secondary" onClick={() => void reload()}>
        {t('refresh')}
      </button>
    </>
  );
}

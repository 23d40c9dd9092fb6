// The voter's journey (K-Voting flow, made verifiable): personal link → CAPTCHA → identity
// check → election info → one screen per contest → review → encrypt, prove and sign in this
// browser → cast → receipt with tracker. Optional Benaloh challenge before casting.
import {
  credentialFromSecret,
  defaultRng,
  shortTracker,
  spoilBallot,
  verifySpoiledBallot,
  type BallotContext,
  type EncryptedBallot,
} from '@ballotledger/core';
import { useEffect, useRef, useState, type FormEvent, type ReactNode, type Ref } from 'react';
import { ApiError, apiWithStatus, enc, get, post, setCsrfToken } from '../api';
import { Busy, CopyButton, ErrorBox, Field, Layout, Notice, QrImage, useErrorText, useFocusHeading } from '../components/common';
import { downloadFile } from '../download';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type { Captcha, IdentityChallenge, LinkAnswer, Receipt, VoterElection, VoterSession } from '../types';
import { answerValues, CandidateCard, CandidateProfiles, ContestView, contestProblem, describeChoice, emptyAnswer, type Answer } from './ballot';
import { encryptInWorker } from './encrypt-in-worker';
import { capturedLink, secretLooksValid } from './link';
import { castSpoiledTracker, rememberSpoiled } from './spoiled-trackers';

type Step =
  | { k: 'starting' }
  | { k: 'no-link' }
  | { k: 'bad-link' }
  | { k: 'invalid-link' }
  | { k: 'already-voted'; electionId: string; receipt: Receipt | null }
  | { k: 'locked'; retryAfter: number | null }
  | { k: 'captcha' }
  | { k: 'identity' }
  | { k: 'loading' }
  | { k: 'not-open' }
  | { k: 'paused' }
  | { k: 'closed' }
  | { k: 'info' }
  | { k: 'contest'; index: number; fromReview: boolean }
  | { k: 'review' }
  | { k: 'encrypting'; audit: boolean; progress: number | null }
  | { k: 'sending' }
  | { k: 'cast-failed'; error: unknown }
  | { k: 'receipt'; receipt: Receipt }
  | { k: 'tracker-mismatch'; ours: string; theirs: string; electionId: string }
  | { k: 'audit-tracker'; encrypted: EncryptedBallot }
  | { k: 'audit-done'; encrypted: EncryptedBallot; auditUrl: string | null; checked: string[][] | null }
  | { k: 'session-expired' }
  | { k: 'error'; error: unknown };

let linkPosted: Promise<LinkAnswer> | null = null;

/**
 * A fresh ballot id: 128 random bits in hex behind a letter. (core's own default, base64url of
 * random bytes, starts with '-' or '_' about 3% of the time, which its Id schema then rejects.)
 */
function newBallotId(): string {
  return `b${Array.from(defaultRng(16), (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

/** Whether the voter is on a phone: decided once, when the page loads (a window narrowed later does not change the channel). */
function onPhone(): boolean {
  return window.matchMedia('(max-width: 760px)').matches || /Mobi|Android/i.test(navigator.userAgent);
}

function deviceChannel(phone: boolean, channels: readonly string[]): 'web' | 'mobile' {
  const want = phone ? 'mobile' : 'web';
  if (channels.length === 0 || channels.includes(want)) return want;
  return channels.includes('web') ? 'web' : 'mobile';
}

export function VoterApp() {
  const { t, lang } = useI18n();
  const errText = useErrorText();
  const link = capturedLink();
  const [phone] = useState(onPhone);
  const [step, setStep] = useState<Step>({ k: 'starting' });
  const [session, setSession] = useState<VoterSession | null>(null);
  const [election, setElection] = useState<VoterElection | null>(null);
  const [choices, setChoices] = useState<Answer[]>([]);
  const [pending, setPending] = useState<EncryptedBallot | null>(null);
  const [showProblem, setShowProblem] = useState(false);
  const headingRef = useFocusHeading<HTMLHeadingElement>(step.k === 'contest' ? `contest-${step.index}` : step.k);

  const fail = (e: unknown): void => {
    if (e instanceof ApiError) {
      if (e.code === 'LockedOut') return setStep({ k: 'locked', retryAfter: e.retryAfterSeconds });
      if (e.status === 401 && e.code === 'Unauthorized') return setStep({ k: 'session-expired' });
    }
    setStep({ k: 'error', error: e });
  };

  const loadElection = async (): Promise<void> => {
    setStep({ k: 'loading' });
    try {
      const e = await get<VoterElection>('/api/voter/election');
      setElection(e);
      setChoices((prev) => (prev.length === e.manifest.contests.length ? prev : e.manifest.contests.map(emptyAnswer)));
      if (e.receipt !== null) return setStep({ k: 'already-voted', electionId: e.electionId, receipt: e.receipt });
      if (e.state === 'open') {
        if (e.jointKey === null || e.electionBaseHash === null) return setStep({ k: 'not-open' });
        return setStep({ k: 'info' });
      }
      if (e.state === 'paused') return setStep({ k: 'paused' });
      if (e.state === 'draft' || e.state === 'frozen') return setStep({ k: 'not-open' });
      return setStep({ k: 'closed' });
    } catch (err) {
      fail(err);
    }
  };

  const afterSession = (s: VoterSession): void => {
    setSession(s);
    setCsrfToken(s.csrfToken);
    if (s.stage === 'link') setStep({ k: 'captcha' });
    else if (s.stage === 'captcha') setStep({ k: 'identity' });
    else void loadElection();
  };

  useEffect(() => {
    if (link === null) return setStep({ k: 'no-link' });
    if (!secretLooksValid(link.secret)) return setStep({ k: 'bad-link' });
    linkPosted ??= post<LinkAnswer>('/api/voter/link', { token: link.token });
    linkPosted.then(
      (a) => {
        if (a.status === 'already-voted') setStep({ k: 'already-voted', electionId: a.electionId, receipt: null });
        else afterSession(a.session);
      },
      (e: unknown) => {
        linkPosted = null;
        if (e instanceof ApiError && e.status === 401) setStep({ k: 'invalid-link' });
        else fail(e);
      },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const ctx = (): BallotContext => {
    const e = election!;
    return { manifest: e.manifest, jointKey: e.jointKey!, electionBaseHash: e.electionBaseHash! };
  };

  const encryptNow = async (audit: boolean): Promise<EncryptedBallot | null> => {
    setStep({ k: 'encrypting', audit, progress: 0 });
    try {
      const started = performance.now();
      // off the main thread, so the page keeps answering and the bar moves after every proof
      const encrypted = await encryptInWorker(ctx(), choices.map(answerValues), link!.secret!, newBallotId(), (progress) => setStep({ k: 'encrypting', audit, progress }));
      const elapsed = performance.now() - started;
      if (elapsed < 600) await new Promise((r) => setTimeout(r, 600 - elapsed));
      return encrypted;
    } catch (e) {
      setStep({ k: 'error', error: e });
      return null;
    }
  };

  const cast = async (ballot: EncryptedBallot): Promise<void> => {
    setStep({ k: 'sending' });
    try {
      const r = await apiWithStatus<Receipt>('POST', '/api/voter/ballot', { body: { ballot: ballot.ballot, channel: deviceChannel(phone, election!.channels) } });
      if (r.status === 201 && typeof r.data?.tracker === 'string') {
        setPending(null);
        // A receipt is only a receipt for the ballot this browser encrypted.
        if (r.data.tracker !== ballot.tracker) return setStep({ k: 'tracker-mismatch', ours: ballot.tracker, theirs: r.data.tracker, electionId: election!.electionId });
        setStep({ k: 'receipt', receipt: r.data });
      } else {
        setStep({ k: 'cast-failed', error: new ApiError(r.status, 'NotRecorded', 'unexpected answer') });
      }
    } catch (e) {
      if (e instanceof ApiError && e.code === 'AlreadyVoted') {
        const receipt = (e.details['receipt'] as Receipt | undefined) ?? null;
        // Our own ballot was recorded on an earlier try whose answer was lost.
        if (receipt !== null && receipt.tracker === ballot.tracker) {
          setPending(null);
          return setStep({ k: 'receipt', receipt });
        }
        return setStep({ k: 'already-voted', electionId: election!.electionId, receipt });
      }
      if (e instanceof ApiError && e.code === 'NotOpen') {
        setPending(null);
        return void loadElection();
      }
      if (e instanceof ApiError && e.status === 401) return setStep({ k: 'session-expired' });
      setStep({ k: 'cast-failed', error: e });
    }
  };

  const castNew = async (): Promise<void> => {
    const encrypted = pending ?? (await encryptNow(false));
    if (encrypted === null) return;
    setPending(encrypted);
    await cast(encrypted);
  };

  const startAudit = async (): Promise<void> => {
    const encrypted = await encryptNow(true);
    if (encrypted !== null) setStep({ k: 'audit-tracker', encrypted });
  };

  const revealAudit = async (encrypted: EncryptedBallot): Promise<void> => {
    setStep({ k: 'encrypting', audit: true, progress: null });
    const s = spoilBallot(encrypted);
    rememberSpoiled(election!.electionId, s.tracker);
    let checked: string[][] | null = null;
    try {
      const values = verifySpoiledBallot(s.ballot, s.reveal, ctx());
      checked = values.map((v, ci) => describeChoice(election!.manifest.contests[ci]!, election!.info.contests.find((c) => c.contestId === election!.manifest.contests[ci]!.contestId), v, t));
    } catch {
      checked = null;
    }
    try {
      const r = await post<{ tracker: string; auditUrl: string }>('/api/voter/spoiled', { ballot: s.ballot, reveal: s.reveal });
      setStep({ k: 'audit-done', encrypted, auditUrl: r.auditUrl, checked });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return setStep({ k: 'session-expired' });
      setStep({ k: 'audit-done', encrypted, auditUrl: null, checked });
    }
  };

  const title = election?.title ?? t('voter.title');
  const e = election;
  const manifest = e?.manifest;

  let content: ReactNode;
  switch (step.k) {
    case 'starting':
    case 'loading':
      content = <Busy label={t('loading')} />;
      break;
    case 'no-link':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.noLink.title')}
          </h1>
          <p>{t('voter.noLink.body')}</p>
          <p>
            <Link to="/track">{t('voter.lookupReceipt')}</Link>
          </p>
        </>
      );
      break;
    case 'bad-link':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.badLink.title')}
          </h1>
          <Notice kind="error" role="alert">
            {t('voter.badLink.body')}
          </Notice>
        </>
      );
      break;
    case 'invalid-link':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.invalidLink.title')}
          </h1>
          <Notice kind="error" role="alert">
            {t('voter.invalidLink.body')}
          </Notice>
        </>
      );
      break;
    case 'already-voted':
      content = <AlreadyVoted headingRef={headingRef} electionId={step.electionId} receipt={step.receipt} secret={link?.secret ?? null} />;
      break;
    case 'locked':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.locked.title')}
          </h1>
          <Notice kind="error" role="alert">
            <p>{t('voter.locked.body')}</p>
            {step.retryAfter !== null && <p>{t('voter.locked.until', { time: formatDateTime(Date.now() + step.retryAfter * 1000, lang) })}</p>}
          </Notice>
        </>
      );
      break;
    case 'captcha':
      content = <CaptchaStep headingRef={headingRef} onDone={afterSession} onFail={fail} />;
      break;
    case 'identity':
      content = <IdentityStep headingRef={headingRef} session={session!} onDone={afterSession} onFail={fail} />;
      break;
    case 'not-open':
    case 'paused':
    case 'closed':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t(`voter.${step.k === 'not-open' ? 'notOpen' : step.k}.title`)}
          </h1>
          {e && <ScheduleLine schedule={e.schedule} />}
          <Notice kind="info">{t(`voter.${step.k === 'not-open' ? 'notOpen' : step.k}.body`)}</Notice>
          {step.k !== 'closed' && (
            <button type="button" className="btn" onClick={() => void loadElection()}>
              {t('voter.checkAgain')}
            </button>
          )}
          {step.k === 'closed' && e && (
            <p>
              <Link to={`/e/${enc(e.electionId)}`}>{t('voter.seeResults')}</Link>
            </p>
          )}
        </>
      );
      break;
    case 'info':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {e!.title}
          </h1>
          <ScheduleLine schedule={e!.schedule} />
          {e!.info.descriptionHtml && <div className="prose" dangerouslySetInnerHTML={{ __html: e!.info.descriptionHtml }} />}
          <p className="lead">{t('voter.info.contests', { n: manifest!.contests.length })}</p>
          <ol className="contest-list">
            {manifest!.contests.map((c) => {
              const info = e!.info.contests.find((x) => x.contestId === c.contestId);
              return (
                <li key={c.contestId}>
                  {c.label}
                  {info !== undefined && info.options.length > 0 && (
                    <details className="candidates-info">
                      <summary>{t('voter.info.candidates', { n: info.options.length })}</summary>
                      <ul className="cand-list">
                        {info.options.map((o) => (
                          <li key={o.optionId}>
                            <CandidateCard info={o} fallback={o.name} />
                          </li>
                        ))}
                      </ul>
                      <CandidateProfiles contest={c} info={info} />
                    </details>
                  )}
                </li>
              );
            })}
          </ol>
          <Notice kind="info" role="note">
            <p>{t('voter.info.secret')}</p>
          </Notice>
          <div className="actions">
            <button type="button" className="btn btn-primary btn-block" onClick={() => setStep({ k: 'contest', index: 0, fromReview: false })}>
              {t('voter.info.start')}
            </button>
          </div>
          <CredentialCheck electionId={e!.electionId} secret={link!.secret!} />
        </>
      );
      break;
    case 'contest': {
      const c = manifest!.contests[step.index]!;
      const answer = choices[step.index]!;
      const next = (): void => {
        if (contestProblem(c, answer, t) !== null) return setShowProblem(true);
        setShowProblem(false);
        if (step.fromReview || step.index + 1 >= manifest!.contests.length) setStep({ k: 'review' });
        else setStep({ k: 'contest', index: step.index + 1, fromReview: false });
      };
      content = (
        <>
          <p className="election-title">{e!.title}</p>
          <ContestView
            contest={c}
            info={e!.info.contests.find((x) => x.contestId === c.contestId)}
            answer={answer}
            onChange={(v) => {
              setPending(null);
              setChoices(choices.map((x, i) => (i === step.index ? v : x)));
            }}
            index={step.index}
            total={manifest!.contests.length}
            headingRef={headingRef}
            showProblem={showProblem}
          />
          <div className="actions actions-split">
            {step.index > 0 && !step.fromReview ? (
              <button type="button" className="btn btn-secondary" onClick={() => setStep({ k: 'contest', index: step.index - 1, fromReview: false })}>
                {t('back')}
              </button>
            ) : (
              <span />
            )}
            <button type="button" className="btn btn-primary" onClick={next}>
              {step.fromReview ? t('voter.backToReview') : step.index + 1 >= manifest!.contests.length ? t('voter.toReview') : t('next')}
            </button>
          </div>
        </>
      );
      break;
    }
    case 'review':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.review.title')}
          </h1>
          <p>{t('voter.review.body')}</p>
          <ReviewList election={e!} choices={choices.map(answerValues)} onEdit={(i) => setStep({ k: 'contest', index: i, fromReview: true })} />
          <div className="actions">
            <button type="button" className="btn btn-primary btn-block" onClick={() => void castNew()}>
              {t('voter.review.cast')}
            </button>
          </div>
          <details className="audit-option">
            <summary>{t('voter.audit.summary')}</summary>
            <p>{t('voter.audit.explain')}</p>
            <button type="button" className="btn btn-secondary" onClick={() => void startAudit()}>
              {t('voter.audit.start')}
            </button>
          </details>
        </>
      );
      break;
    case 'encrypting':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {step.audit ? t('voter.encrypting.audit') : t('voter.encrypting.title')}
          </h1>
          <Busy label={t('voter.encrypting.body')} progress={step.progress} />
          <p className="hint">{t('voter.encrypting.note')}</p>
        </>
      );
      break;
    case 'sending':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.sending.title')}
          </h1>
          <Busy label={t('voter.sending.body')} />
          <p className="hint">{t('voter.sending.note')}</p>
        </>
      );
      break;
    case 'cast-failed': {
      const err = step.error;
      const network = err instanceof ApiError && err.network;
      const notRecorded = err instanceof ApiError && (err.code === 'NotRecorded' || err.status === 503);
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.notRecorded.title')}
          </h1>
          <Notice kind="error" role="alert">
            <p>
              <strong>{t('voter.notRecorded.strong')}</strong>
            </p>
            <p>{network ? t('voter.notRecorded.network') : notRecorded ? t('voter.notRecorded.body') : errText(err)}</p>
          </Notice>
          <div className="actions">
            <button type="button" className="btn btn-primary btn-block" onClick={() => void castNew()}>
              {t('voter.notRecorded.retry')}
            </button>
            <button type="button" className="btn btn-secondary btn-block" onClick={() => setStep({ k: 'review' })}>
              {t('voter.backToReview')}
            </button>
          </div>
        </>
      );
      break;
    }
    case 'receipt':
      content = <ReceiptView headingRef={headingRef} receipt={step.receipt} />;
      break;
    case 'tracker-mismatch':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.mismatch.title')}
          </h1>
          <Notice kind="error" role="alert">
            <p>
              <strong>{t('voter.mismatch.strong')}</strong>
            </p>
            <p>{t('voter.mismatch.body')}</p>
          </Notice>
          <h2>{t('voter.mismatch.ours')}</h2>
          <TrackerBox tracker={step.ours} />
          <p className="hint">
            {t('voter.mismatch.theirs')} <code className="break">{step.theirs}</code>
          </p>
          <p>
            <Link className="btn btn-secondary" to={`/track?e=${enc(step.electionId)}&t=${enc(step.ours)}`}>
              {t('voter.mismatch.lookup')}
            </Link>
          </p>
        </>
      );
      break;
    case 'audit-tracker':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.audit.trackerTitle')}
          </h1>
          <p>{t('voter.audit.trackerBody')}</p>
          <TrackerBox tracker={step.encrypted.tracker} />
          <Notice kind="warn" role="note">
            {t('voter.audit.notCounted')}
          </Notice>
          <div className="actions">
            <button type="button" className="btn btn-primary btn-block" onClick={() => void revealAudit(step.encrypted)}>
              {t('voter.audit.reveal')}
            </button>
            <button type="button" className="btn btn-secondary btn-block" onClick={() => setStep({ k: 'review' })}>
              {t('voter.audit.cancel')}
            </button>
          </div>
        </>
      );
      break;
    case 'audit-done': {
      const s = spoilBallot(step.encrypted);
      const file = {
        kind: 'ballotledger-spoiled-ballot',
        v: 1,
        electionId: e!.electionId,
        tracker: s.tracker,
        manifest: e!.manifest,
        jointKey: e!.jointKey,
        electionBaseHash: e!.electionBaseHash,
        ballot: s.ballot,
        reveal: s.reveal,
      };
      const auditPage = `${window.location.origin}/audit/spoiled?e=${enc(e!.electionId)}&t=${enc(s.tracker)}`;
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.audit.doneTitle')}
          </h1>
          {step.auditUrl === null && (
            <Notice kind="warn" role="alert">
              {t('voter.audit.notPublished')}
            </Notice>
          )}
          <p>{t('voter.audit.doneBody')}</p>
          {step.checked !== null ? (
            <Notice kind="ok">
              <p>
                <strong>{t('voter.audit.selfCheckOk')}</strong>
              </p>
              <ul>
                {e!.manifest.contests.map((c, ci) => (
                  <li key={c.contestId}>
                    {c.label}: {step.checked![ci]!.join(', ')}
                  </li>
                ))}
              </ul>
            </Notice>
          ) : (
            <Notice kind="error" role="alert">
              {t('voter.audit.selfCheckFail')}
            </Notice>
          )}
          <TrackerBox tracker={s.tracker} />
          <div className="actions">
            <button type="button" className="btn btn-secondary" onClick={() => downloadFile(`spoiled-ballot-${shortTracker(s.tracker)}.json`, JSON.stringify(file, null, 2))}>
              {t('voter.audit.download')}
            </button>
            <a className="btn btn-secondary" href={step.auditUrl ?? auditPage} target="_blank" rel="noopener">
              {t('voter.audit.openAuditor')}
            </a>
          </div>
          <QrImage text={step.auditUrl ?? auditPage} label={t('voter.audit.qrAlt')} size={180} />
          <div className="actions">
            <button
              type="button"
              className="btn btn-primary btn-block"
              onClick={() => {
                setPending(null);
                setStep({ k: 'review' });
              }}
            >
              {t('voter.audit.fresh')}
            </button>
          </div>
        </>
      );
      break;
    }
    case 'session-expired':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.expired.title')}
          </h1>
          <Notice kind="error" role="alert">
            {t('voter.expired.body')}
          </Notice>
        </>
      );
      break;
    case 'error':
      content = (
        <>
          <h1 ref={headingRef} tabIndex={-1}>
            {t('voter.error.title')}
          </h1>
          <ErrorBox error={step.error} />
          <button type="button" className="btn" onClick={() => window.location.reload()}>
            {t('retry')}
          </button>
        </>
      );
      break;
  }

  return (
    <Layout title={title}>
      <div className={`voter-step voter-${step.k}`} data-step={step.k}>
        {content}
      </div>
      {session !== null && step.k !== 'receipt' && <SessionTimer expiresAt={session.expiresAt} onExtend={(s) => setSession(s)} />}
    </Layout>
  );
}

function ScheduleLine(props: { schedule: { opensAt: string; closesAt: string } }) {
  const { t, lang } = useI18n();
  return (
    <p className="schedule">
      {t('voter.schedule', { opens: formatDateTime(props.schedule.opensAt, lang), closes: formatDateTime(props.schedule.closesAt, lang) })}
    </p>
  );
}

function CaptchaStep(props: { headingRef: Ref<HTMLHeadingElement>; onDone: (s: VoterSession) => void; onFail: (e: unknown) => void }) {
  const { t, lang } = useI18n();
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const requested = useRef(false);
  const load = async (form: Captcha['form']): Promise<void> => {
    try {
      setCaptcha(await post<Captcha>('/api/voter/captcha', { form }));
      setAnswer('');
    } catch (e) {
      props.onFail(e);
    }
  };
  useEffect(() => {
    if (requested.current) return;
    requested.current = true;
    void load('image');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    if (captcha === null || answer.trim() === '') return setError(t('captcha.empty'));
    setBusy(true);
    try {
      const s = await post<VoterSession>('/api/voter/captcha/answer', { challengeId: captcha.id, answer: answer.trim() });
      props.onDone(s);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CaptchaFailed') {
        setError(t('captcha.wrong'));
        await load(captcha.form);
      } else props.onFail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1 ref={props.headingRef} tabIndex={-1}>
        {t('captcha.title')}
      </h1>
      <p>{t('captcha.body')}</p>
      {captcha === null ? (
        <Busy label={t('loading')} />
      ) : (
        <form onSubmit={(ev) => void submit(ev)} noValidate>
          {captcha.form === 'image' ? (
            <img className="captcha-img" id="captcha-q" src={captcha.image} width={captcha.width} height={captcha.height} alt={t('captcha.imgAlt', { n: captcha.length })} />
          ) : (
            <p className="captcha-question" id="captcha-q">
              <span lang={lang}>{captcha.question[lang]}</span>
            </p>
          )}
          <Field label={t('captcha.label')} error={error}>
            {(id, d) => (
              <input id={id} aria-describedby={d ? `${d} captcha-q` : 'captcha-q'} inputMode="numeric" autoComplete="off" maxLength={32} value={answer} onChange={(ev) => setAnswer(ev.target.value)} aria-invalid={error !== null} />
            )}
          </Field>
          <div className="actions actions-split">
            <button type="button" className="btn btn-secondary" onClick={() => void load(captcha.form === 'image' ? 'text' : 'image')}>
              {t(captcha.form === 'image' ? 'captcha.toText' : 'captcha.toImage')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => void load(captcha.form)}>
              {t('captcha.new')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('next')}
            </button>
          </div>
        </form>
      )}
    </>
  );
}

function IdentityStep(props: { headingRef: Ref<HTMLHeadingElement>; session: VoterSession; onDone: (s: VoterSession) => void; onFail: (e: unknown) => void }) {
  const { t, lang } = useI18n();
  const methods = props.session.identityMethods;
  const [method, setMethod] = useState<string | null>(methods.length === 1 ? methods[0]!.method : null);
  const [challenge, setChallenge] = useState<IdentityChallenge | null>(null);
  const [form, setForm] = useState({ name: '', birthDate: '', code: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const started = useRef<string | null>(null);
  const start = async (m: string): Promise<void> => {
    setBusy(true);
    try {
      setChallenge(await post<IdentityChallenge>('/api/voter/identity/start', { method: m }));
    } catch (e) {
      if (e instanceof ApiError && e.code === 'RateLimited') setError(t('identity.tooMany'));
      else props.onFail(e);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    if (method === null || started.current === method) return;
    const needsClick = methods.find((m) => m.method === method)?.method === 'sms-code';
    if (needsClick && methods.length > 1) return;
    started.current = method;
    void start(method);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [method]);
  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    if (challenge === null) return;
    const response: Record<string, string> = {};
    for (const f of challenge.fields) {
      const v = form[f].trim();
      if (v === '') return setError(t('identity.fillAll'));
      response[f] = v;
    }
    setBusy(true);
    setError(null);
    try {
      const s = await post<VoterSession>('/api/voter/identity/verify', { method: challenge.method, challengeId: challenge.challengeId, response });
      props.onDone(s);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IdentityCheckFailed') {
        const left = typeof e.details['remainingAttempts'] === 'number' ? (e.details['remainingAttempts'] as number) : null;
        setError(`${t('identity.failed')}${left !== null ? ` ${t('identity.remaining', { n: left })}` : ''}`);
        // A birth-date challenge takes one answer; an SMS code may take several.
        if (challenge.fields.includes('code')) setForm({ ...form, code: '' });
        else {
          setChallenge(null);
          await start(challenge.method);
        }
      } else props.onFail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1 ref={props.headingRef} tabIndex={-1}>
        {t('identity.title')}
      </h1>
      <p>{t('identity.body')}</p>
      {methods.length > 1 && (
        <fieldset className="field">
          <legend>{t('identity.method')}</legend>
          <div className="options">
            {methods.map((m) => (
              <label key={m.method} className={method === m.method ? 'option checked' : 'option'}>
                <input
                  type="radio"
                  name="method"
                  checked={method === m.method}
                  onChange={() => {
                    setMethod(m.method);
                    setChallenge(null);
                    started.current = null;
                  }}
                />
                <span className="cand-name">{m.label[lang]}</span>
              </label>
            ))}
          </div>
          {method === 'sms-code' && challenge === null && (
            <button type="button" className="btn" disabled={busy} onClick={() => void start('sms-code')}>
              {t('identity.sendCode')}
            </button>
          )}
        </fieldset>
      )}
      {challenge !== null && (
        <form onSubmit={(ev) => void submit(ev)} noValidate>
          {challenge.sentTo !== undefined && <Notice kind="info">{t('identity.sentTo', { to: challenge.sentTo })}</Notice>}
          {challenge.fields.includes('name') && (
            <Field label={t('identity.name')}>
              {(id, d) => <input id={id} aria-describedby={d} autoComplete="name" value={form.name} onChange={(ev) => setForm({ ...form, name: ev.target.value })} />}
            </Field>
          )}
          {challenge.fields.includes('birthDate') && (
            <Field label={t('identity.birthDate')} hint={t('identity.birthDateHint')}>
              {(id, d) => <input id={id} aria-describedby={d} autoComplete="bday" inputMode="numeric" placeholder="1990-03-07" value={form.birthDate} onChange={(ev) => setForm({ ...form, birthDate: ev.target.value })} />}
            </Field>
          )}
          {challenge.fields.includes('code') && (
            <Field label={t('identity.code')} hint={t('identity.codeHint')}>
              {(id, d) => <input id={id} aria-describedby={d} autoComplete="one-time-code" inputMode="numeric" maxLength={6} value={form.code} onChange={(ev) => setForm({ ...form, code: ev.target.value })} />}
            </Field>
          )}
          {error !== null && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
              {t('identity.submit')}
            </button>
          </div>
        </form>
      )}
      {challenge === null && error !== null && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {challenge === null && method !== null && busy && <Busy label={t('loading')} />}
    </>
  );
}

function ReviewList(props: { election: VoterElection; choices: number[][]; onEdit: (i: number) => void }) {
  const { t } = useI18n();
  const e = props.election;
  return (
    <ol className="review-list">
      {e.manifest.contests.map((c, i) => (
        <li key={c.contestId} className="review-item">
          <h2 className="review-contest">{c.label}</h2>
          <ul>
            {describeChoice(
              c,
              e.info.contests.find((x) => x.contestId === c.contestId),
              props.choices[i]!,
              t,
            ).map((s, k) => (
              <li key={k}>{s}</li>
            ))}
          </ul>
          <button type="button" className="btn btn-link" onClick={() => props.onEdit(i)} aria-label={t('voter.review.editLabel', { contest: c.label })}>
            {t('edit')}
          </button>
        </li>
      ))}
    </ol>
  );
}

export function TrackerBox(props: { tracker: string }) {
  const { t } = useI18n();
  return (
    <div className="tracker-box">
      <p className="tracker-label">{t('tracker.short')}</p>
      <p className="tracker-short">{shortTracker(props.tracker)}</p>
      <p className="tracker-label">{t('tracker.full')}</p>
      <p className="tracker-full">
        <code>{props.tracker}</code>
      </p>
    </div>
  );
}

function ReceiptView(props: { headingRef: Ref<HTMLHeadingElement>; receipt: Receipt }) {
  const { t, lang } = useI18n();
  const r = props.receipt;
  const lookup = `${window.location.origin}/track?e=${enc(r.electionId)}&t=${enc(r.tracker)}`;
  return (
    <div className="receipt">
      <h1 ref={props.headingRef} tabIndex={-1}>
        {t('receipt.title')}
      </h1>
      <Notice kind="ok">
        <p>
          <strong>{t('receipt.recorded')}</strong>
        </p>
        <p>{t('receipt.body')}</p>
      </Notice>
      <TrackerBox tracker={r.tracker} />
      <dl className="facts">
        <dt>{t('receipt.at')}</dt>
        <dd>{formatDateTime(r.at, lang)}</dd>
        {r.blockNumber !== null && (
          <>
            <dt>{t('receipt.block')}</dt>
            <dd>{r.blockNumber}</dd>
          </>
        )}
        <dt>{t('receipt.tx')}</dt>
        <dd>
          <code className="break">{r.txId}</code>
        </dd>
      </dl>
      <QrImage text={lookup} label={t('receipt.qrAlt')} size={180} />
      <div className="actions no-print">
        <CopyButton text={r.tracker} label={t('receipt.copy')} />
        <button type="button" className="btn btn-secondary" onClick={() => window.print()}>
          {t('receipt.print')}
        </button>
        <Link className="btn btn-secondary" to={`/track?e=${enc(r.electionId)}&t=${enc(r.tracker)}`}>
          {t('receipt.lookup')}
        </Link>
      </div>
    </div>
  );
}

function AlreadyVoted(props: { headingRef: Ref<HTMLHeadingElement>; electionId: string; receipt: Receipt | null; secret: string | null }) {
  const { t } = useI18n();
  const [castSpoiled, setCastSpoiled] = useState<string | null>(null);
  useEffect(() => void castSpoiledTracker(props.electionId, props.receipt).then(setCastSpoiled, () => setCastSpoiled(null)), [props.electionId, props.receipt]);
  return (
    <>
      <h1 ref={props.headingRef} tabIndex={-1}>
        {t('voter.already.title')}
      </h1>
      <Notice kind="info">{t('voter.already.body')}</Notice>
      {castSpoiled !== null && (
        <Notice kind="error" role="alert">
          {t('voter.already.spoiledCast', { tracker: shortTracker(castSpoiled) })}
        </Notice>
      )}
      {props.receipt !== null && <TrackerBox tracker={props.receipt.tracker} />}
      <p>
        <Link className="btn btn-secondary" to={`/track?e=${enc(props.electionId)}${props.receipt ? `&t=${enc(props.receipt.tracker)}` : ''}`}>
          {t('voter.lookupReceipt')}
        </Link>
      </p>
      {props.secret !== null && <CredentialCheck electionId={props.electionId} secret={props.secret} />}
    </>
  );
}

/** Lets a voter check, with the credential derived from the link, that nobody voted in its name. */
export function CredentialCheck(props: { electionId: string; secret: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | 'used' | 'unused' | 'error'>('idle');
  const [err, setErr] = useState<unknown>(null);
  const check = async (): Promise<void> => {
    setState('busy');
    try {
      const cred = credentialFromSecret(props.electionId, props.secret).publicCredential;
      const r = await get<{ used: boolean }>(`/api/elections/${enc(props.electionId)}/credentials/${enc(cred)}`);
      setState(r.used ? 'used' : 'unused');
    } catch (e) {
      setErr(e);
      setState('error');
    }
  };
  return (
    <details className="cred-check">
      <summary>{t('cred.summary')}</summary>
      <p>{t('cred.explain')}</p>
      <button type="button" className="btn btn-secondary" onClick={() => void check()} disabled={state === 'busy'}>
        {t('cred.check')}
      </button>
      <div role="status" aria-live="polite">
        {state === 'used' && <Notice kind="warn">{t('cred.used')}</Notice>}
        {state === 'unused' && <Notice kind="ok">{t('cred.unused')}</Notice>}
        {state === 'error' && <ErrorBox error={err} />}
      </div>
    </details>
  );
}

function SessionTimer(props: { expiresAt: string; onExtend: (s: VoterSession) => void }) {
  const { t } = useI18n();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(id);
  }, []);
  const left = new Date(props.expiresAt).getTime() - now;
  if (!(left < 5 * 60_000 && left > 0)) return null;
  const extend = async (): Promise<void> => {
    try {
      const s = await get<VoterSession>('/api/voter/session');
      setCsrfToken(s.csrfToken);
      props.onExtend(s);
    } catch {
      // the step will show the expiry
    }
  };
  return (
    <div className="alert alert-warn session-timer" role="alert">
      <p>{t('session.expiring', { n: Math.max(1, Math.round(left / 60_000)) })}</p>
      <button type="button" className="btn" onClick={() => void extend()}>
        {t('session.extend')}
      </button>
    </div>
  );
}

// Staff sign-in shared by the admin console and the auditor view.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, get, post, setCsrfToken } from '../api';
import { Busy, ErrorBox, Field, Notice, useFocusHeading } from '../components/common';
import { useI18n } from '../i18n';
import type { StaffSession } from '../types';

export function useStaffSession(): { session: StaffSession | null | undefined; setSession: (s: StaffSession | null) => void; logout: () => Promise<void> } {
  const [session, setSessionState] = useState<StaffSession | null | undefined>(undefined);
  const setSession = (s: StaffSession | null): void => {
    setCsrfToken(s?.csrfToken ?? null);
    setSessionState(s);
  };
  useEffect(() => {
    get<StaffSession>('/api/staff/session').then(setSession, () => setSession(null));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const logout = async (): Promise<void> => {
    try {
      await post('/api/staff/logout');
    } finally {
      setSession(null);
    }
  };
  return { session, setSession, logout };
}

const LOGIN_USERNAME_KEY = 'bl.loginUsername';

/** A username left by the invitation page (set-password → sign-in), read once. */
function invitedUsername(): string {
  try {
    const u = window.sessionStorage.getItem(LOGIN_USERNAME_KEY);
    if (u !== null) window.sessionStorage.removeItem(LOGIN_USERNAME_KEY);
    return u ?? '';
  } catch {
    return '';
  }
}

type SecondFactor = { secondFactor: 'sms'; sentTo: string; csrfToken: string };

/** Password, then — for organization admins — the 6-digit code sent by SMS. */
export function StaffLogin(props: { onLogin: (s: StaffSession) => void; title: string; children?: ReactNode }) {
  const { t } = useI18n();
  const [username, setUsername] = useState(invitedUsername);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<SecondFactor | null>(null);
  const [expired, setExpired] = useState(false);
  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    setExpired(false);
    try {
      const s = await post<StaffSession | SecondFactor>('/api/staff/login', { username, password });
      setCsrfToken(s.csrfToken);
      if ('secondFactor' in s) {
        setPassword('');
        setPending(s);
      } else props.onLogin(s);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'Unauthorized' ? new ApiError(401, 'WrongPassword', e.message) : e);
    } finally {
      setBusy(false);
    }
  };
  if (pending !== null) {
    return (
      <SmsCodeStep
        title={props.title}
        sentTo={pending.sentTo}
        onLogin={props.onLogin}
        onRestart={(why) => {
          setPending(null);
          setCsrfToken(null);
          setExpired(why === 'expired');
        }}
      />
    );
  }
  return (
    <div className="narrow">
      <h1>{props.title}</h1>
      {props.children}
      {expired && (
        <Notice kind="warn" role="alert">
          {t('code.expired')}
        </Notice>
      )}
      <form onSubmit={(ev) => void submit(ev)}>
        <Field label={t('login.username')}>{(id) => <input id={id} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />}</Field>
        <Field label={t('login.password')}>{(id) => <input id={id} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}</Field>
        <ErrorBox error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {t('login.submit')}
        </button>
        {busy && <Busy label={t('loading')} />}
      </form>
    </div>
  );
}

function SmsCodeStep(props: { title: string; sentTo: string; onLogin: (s: StaffSession) => void; onRestart: (why: 'expired' | 'asked') => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const heading = useFocusHeading<HTMLHeadingElement>(props.sentTo);
  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    const c = code.replace(/\D/g, '');
    if (!/^\d{6}$/.test(c)) return setProblem(t('code.invalid'));
    setProblem(null);
    setError(null);
    setBusy(true);
    try {
      const s = await post<StaffSession>('/api/staff/login/code', { code: c });
      setCsrfToken(s.csrfToken);
      props.onLogin(s);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'IdentityCheckFailed') {
        setProblem(t('code.wrong'));
        setCode('');
      } else if (e instanceof ApiError && e.code === 'Unauthorized') props.onRestart('expired');
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="narrow">
      <h1>{props.title}</h1>
      <h2 ref={heading} tabIndex={-1}>
        {t('code.title')}
      </h2>
      <p role="status">{t('code.sent', { to: props.sentTo })}</p>
      <form onSubmit={(ev) => void submit(ev)} noValidate>
        <Field label={t('code.label')} error={problem}>
          {(id, d) => (
            <input
              id={id}
              aria-describedby={d}
              aria-invalid={problem !== null ? true : undefined}
              className="code-input mono"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
        <ErrorBox error={error} />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {t('code.submit')}
        </button>
        {busy && <Busy label={t('loading')} />}
      </form>
      <p>
        <button type="button" className="btn btn-link" onClick={() => props.onRestart('asked')}>
          {t('code.restart')}
        </button>
      </p>
    </div>
  );
}

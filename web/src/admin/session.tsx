// Staff sign-in shared by the admin console and the auditor view.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, get, post, setCsrfToken } from '../api';
import { Busy, ErrorBox, Field } from '../components/common';
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

export function StaffLogin(props: { onLogin: (s: StaffSession) => void; title: string; children?: ReactNode }) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await post<StaffSession>('/api/staff/login', { username, password });
      setCsrfToken(s.csrfToken);
      props.onLogin(s);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'Unauthorized' ? new ApiError(401, 'WrongPassword', e.message) : e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="narrow">
      <h1>{props.title}</h1>
      {props.children}
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

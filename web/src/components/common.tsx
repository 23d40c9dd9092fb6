import QRCode from 'qrcode';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';

export function Layout(props: { children: ReactNode; nav?: ReactNode; wide?: boolean; title?: string }) {
  const { t } = useI18n();
  useEffect(() => {
    if (props.title !== undefined) document.title = `${props.title} · BallotLedger`;
  }, [props.title]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="site-header">
        <div className={props.wide ? 'bar wide' : 'bar'}>
          <Link to="/" className="brand">
            <span aria-hidden="true" className="brand-mark">
              ✓
            </span>
            BallotLedger
          </Link>
          {props.nav}
          <LangSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1} className={props.wide ? 'container wide' : 'container'}>
        {props.children}
      </main>
      <footer className="site-footer">
        <p>{t('footer')}</p>
      </footer>
    </>
  );
}

export function LangSwitch() {
  const { lang, setLang } = useI18n();
  const other = lang === 'ko' ? 'en' : 'ko';
  return (
    <button type="button" className="lang-switch" lang={other} onClick={() => setLang(other)} aria-label={other === 'en' ? 'Switch to English' : '한국어로 보기'}>
      {other === 'en' ? 'English' : '한국어'}
    </button>
  );
}

/** Error message from an API error code, translated; falls back to the gateway's message. */
export function useErrorText(): (e: unknown) => string {
  const { t, lang } = useI18n();
  return (e: unknown) => {
    if (e instanceof ApiError) {
      if (e.network) return t('err.Network');
      const key = `err.${e.code}`;
      const tr = t.maybe(key);
      if (tr !== null) return tr;
      return lang === 'ko' ? `${t('err.generic')} (${e.code}) ${e.message}` : e.message;
    }
    return e instanceof Error ? e.message : String(e);
  };
}

export function ErrorBox(props: { error: unknown; title?: string; children?: ReactNode }) {
  const text = useErrorText();
  if (props.error === null || props.error === undefined) return null;
  return (
    <div className="alert alert-error" role="alert">
      {props.title !== undefined && <strong>{props.title}</strong>}
      <p>{text(props.error)}</p>
      {props.children}
    </div>
  );
}

export function Notice(props: { kind?: 'info' | 'ok' | 'warn' | 'error'; children: ReactNode; role?: 'status' | 'alert' | 'note' }) {
  return (
    <div className={`alert alert-${props.kind ?? 'info'}`} role={props.role ?? 'status'}>
      {props.children}
    </div>
  );
}

export function Busy(props: { label: string; progress?: number | null }) {
  return (
    <div className="busy" role="status" aria-live="polite">
      {props.progress === undefined || props.progress === null ? <span className="spinner" aria-hidden="true" /> : null}
      <span>{props.label}</span>
      {props.progress !== undefined && props.progress !== null && <progress max={1} value={props.progress} aria-label={props.label} />}
    </div>
  );
}

export function QrImage(props: { text: string; label: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(props.text, { errorCorrectionLevel: 'M', margin: 2, width: props.size ?? 200 })
      .then((u) => live && setSrc(u))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [props.text, props.size]);
  if (src === null) return null;
  return <img className="qr" src={src} alt={props.label} width={props.size ?? 200} height={props.size ?? 200} />;
}

export function CopyButton(props: { text: string; label: string }) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(props.text);
      setDone(true);
      setTimeout(() => setDone(false), 2500);
    } catch {
      setDone(false);
    }
  };
  return (
    <>
      <button type="button" className="btn btn-secondary" onClick={() => void copy()}>
        {props.label}
      </button>
      <span className="sr-live" role="status" aria-live="polite">
        {done ? t('copied') : ''}
      </span>
    </>
  );
}

/** A modal confirmation built on <dialog> (focus trap and Escape come with it). */
export function ConfirmButton(props: { label: string; title: string; body: ReactNode; confirmLabel: string; onConfirm: () => void; danger?: boolean; disabled?: boolean; className?: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button type="button" className={props.className ?? (props.danger ? 'btn btn-danger' : 'btn')} disabled={props.disabled} onClick={() => ref.current?.showModal()}>
        {props.label}
      </button>
      <dialog ref={ref} aria-labelledby={titleId} className="dialog">
        <h2 id={titleId}>{props.title}</h2>
        <div>{props.body}</div>
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={() => ref.current?.close()}>
            {t('cancel')}
          </button>
          <button
            type="button"
            className={props.danger ? 'btn btn-danger' : 'btn'}
            onClick={() => {
              ref.current?.close();
              props.onConfirm();
            }}
          >
            {props.confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}

export function StateBadge(props: { state: string }) {
  const { t } = useI18n();
  return <span className={`badge badge-${props.state}`}>{t.maybe(`state.${props.state}`) ?? props.state}</span>;
}

/** Moves focus to the heading of a new step so screen readers announce it. */
export function useFocusHeading<T extends HTMLElement>(dep: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [dep]);
  return ref;
}

export function Field(props: { label: string; hint?: string; error?: string | null; children: (id: string, describedBy: string | undefined) => ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const described = [props.hint ? hintId : null, props.error ? errId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint && (
        <p className="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.children(id, described)}
      {props.error && (
        <p className="field-error" id={errId}>
          {props.error}
        </p>
      )}
    </div>
  );
}

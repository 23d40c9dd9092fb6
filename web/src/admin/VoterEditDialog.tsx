// The edit dialog of one voter on the roll (PATCH …/voters/:voterId): new contact data or removing
// it, and the identity fields while the roll is not frozen. A modal <dialog> (focus stays inside,
// Esc closes); the gateway's refusal is shown inside it, on the fields it names, and takes the focus.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, enc } from '../api';
import { Field, useErrorText } from '../components/common';
import { useI18n } from '../i18n';
import type { RollVoter, VoterEntry } from '../types';

type FieldName = 'phone' | 'email' | 'name' | 'birthDate' | 'group';
type Refusal = { summary: string; fields: Partial<Record<FieldName, string>> };
type Body = Partial<Record<FieldName, string | null>>;

const FIELD_MESSAGES: Readonly<Record<string, string>> = {
  'roll.phoneNeeded': 'voterDialog.phoneNeeded',
  'roll.contactMissing': 'voterDialog.contactMissing',
  'roll.phoneInvalid': 'roll.phoneInvalid',
  'roll.emailInvalid': 'roll.emailInvalid',
  'roll.birthDateInvalid': 'roll.birthDateInvalid',
};

export function VoterEditDialog(props: { base: string; voter: RollVoter; onClose: (saved: VoterEntry | null) => void }) {
  const { t } = useI18n();
  const errText = useErrorText();
  const { voter } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const saved = useRef<VoterEntry | null>(null);
  const titleId = useId();
  const explainId = useId();
  const [phone, setPhone] = useState('');
  const [clearPhone, setClearPhone] = useState(false);
  const [email, setEmail] = useState('');
  const [clearEmail, setClearEmail] = useState(false);
  const [name, setName] = useState(voter.name);
  const [birthDate, setBirthDate] = useState('');
  const [group, setGroup] = useState(voter.group ?? '');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (d !== null && !d.open) d.showModal();
  }, []);
  useEffect(() => {
    if (refusal !== null) alertRef.current?.focus();
  }, [refusal]);

  const refusalOf = (e: unknown): Refusal => {
    if (!(e instanceof ApiError)) return { summary: errText(e), fields: {} };
    if (e.code === 'AlreadyVoted') return { summary: t('voterDialog.alreadyVoted'), fields: {} };
    if (e.code === 'NotFound') return { summary: t('voterDialog.notFound'), fields: {} };
    if (e.code === 'ValidationFailed' || e.code === 'ContactRequired') {
      const list = Array.isArray(e.details['fields']) ? (e.details['fields'] as { path?: string; code?: string }[]) : [];
      const fields: Refusal['fields'] = {};
      for (const f of list) {
        const key = FIELD_MESSAGES[f.code ?? ''];
        fields[f.path?.split('.').pop() as FieldName] = (key === undefined ? null : t.maybe(key)) ?? t('voterDialog.invalid');
      }
      const first = Object.values(fields)[0];
      return { summary: e.code === 'ContactRequired' && first !== undefined ? first : t('err.ValidationFailed'), fields };
    }
    return { summary: `${errText(e)} ${e.message}`, fields: {} };
  };

  const bodyOf = (): Body => {
    const body: Body = {};
    if (clearPhone) body.phone = null;
    else if (phone.trim() !== '') body.phone = phone.trim();
    if (clearEmail) body.email = null;
    else if (email.trim() !== '') body.email = email.trim();
    if (voter.editable.identity) {
      if (name.trim() !== voter.name) body.name = name.trim();
      if (birthDate.trim() !== '') body.birthDate = birthDate.trim();
      if (group.trim() !== (voter.group ?? '')) body.group = group.trim() === '' ? null : group.trim();
    }
    return body;
  };

  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    const body = bodyOf();
    if (Object.keys(body).length === 0) return setRefusal({ summary: t('voterDialog.noChange'), fields: {} });
    setBusy(true);
    setRefusal(null);
    try {
      saved.current = await api<VoterEntry>('PATCH', `${props.base}/voters/${enc(voter.voterId)}`, { body });
      ref.current?.close();
    } catch (e) {
      setRefusal(refusalOf(e));
    } finally {
      setBusy(false);
    }
  };

  const invalid = (f: FieldName): boolean => refusal?.fields[f] !== undefined;
  const now = (masked: string | null): string => (masked === null ? t('voterDialog.nowNone') : t('voterDialog.now', { value: masked }));
  return (
    <dialog ref={ref} className="dialog voter-dialog" aria-modal="true" aria-labelledby={titleId} aria-describedby={explainId} onClose={() => props.onClose(saved.current)}>
      <h2 id={titleId}>{t('voterDialog.title', { name: voter.name, id: voter.voterId })}</h2>
      <p id={explainId} className="hint">
        {voter.editable.identity ? t('voterDialog.explainIdentity') : t('voterDialog.explainContact')}
      </p>
      <form onSubmit={(ev) => void submit(ev)} noValidate>
        {refusal !== null && (
          <div ref={alertRef} className="alert alert-error" role="alert" tabIndex={-1}>
            <strong>{t('voterDialog.refused')}</strong>
            <p>{refusal.summary}</p>
          </div>
        )}
        <fieldset className="field">
          <legend>{t('voterDialog.contact')}</legend>
          <Field label={t('voterDialog.phone')} hint={`${now(voter.phone)} · ${t('voterDialog.phoneHint')}`} error={refusal?.fields.phone ?? null}>
            {(id, d) => (
              <input id={id} aria-describedby={d} type="tel" inputMode="tel" autoComplete="off" value={phone} disabled={clearPhone} aria-invalid={invalid('phone')} onChange={(ev) => setPhone(ev.target.value)} />
            )}
          </Field>
          {voter.phone !== null && (
            <label className="check">
              <input type="checkbox" checked={clearPhone} onChange={(ev) => setClearPhone(ev.target.checked)} />
              {t('voterDialog.clearPhone')}
            </label>
          )}
          <Field label={t('voterDialog.email')} hint={now(voter.email)} error={refusal?.fields.email ?? null}>
            {(id, d) => <input id={id} aria-describedby={d} type="email" autoComplete="off" value={email} disabled={clearEmail} aria-invalid={invalid('email')} onChange={(ev) => setEmail(ev.target.value)} />}
          </Field>
          {voter.email !== null && (
            <label className="check">
              <input type="checkbox" checked={clearEmail} onChange={(ev) => setClearEmail(ev.target.checked)} />
              {t('voterDialog.clearEmail')}
            </label>
          )}
        </fieldset>
        {voter.editable.identity && (
          <fieldset className="field">
            <legend>{t('voterDialog.identity')}</legend>
            <Field label={t('voterDialog.name')} error={refusal?.fields.name ?? null}>
              {(id, d) => <input id={id} aria-describedby={d} autoComplete="off" value={name} aria-invalid={invalid('name')} onChange={(ev) => setName(ev.target.value)} />}
            </Field>
            <Field label={t('voterDialog.birthDate')} hint={t('voterDialog.birthDateHint')} error={refusal?.fields.birthDate ?? null}>
              {(id, d) => <input id={id} aria-describedby={d} autoComplete="off" inputMode="numeric" value={birthDate} aria-invalid={invalid('birthDate')} onChange={(ev) => setBirthDate(ev.target.value)} />}
            </Field>
            <Field label={t('voterDialog.group')} hint={t('voterDialog.groupHint')} error={refusal?.fields.group ?? null}>
              {(id, d) => <input id={id} aria-describedby={d} autoComplete="off" value={group} aria-invalid={invalid('group')} onChange={(ev) => setGroup(ev.target.value)} />}
            </Field>
          </fieldset>
        )}
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={() => ref.current?.close()}>
            {t('cancel')}
          </button>
          <button type="submit" className="btn" disabled={busy}>
            {t('voterDialog.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

// Fixes one voter's contact data on the roll (PATCH …/voters/:voterId): phone and e-mail only,
// found by the roll's voter number. The gateway refuses voters who have voted, unknown numbers
// and invalid values; each refusal is shown as such.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, enc } from '../api';
import { Field, Notice, useErrorText } from '../components/common';
import { useI18n } from '../i18n';
import type { VoterEntry } from '../types';

type Refusal = { reason: string; fields: Partial<Record<'voterId' | 'phone' | 'email', string>> };

export function VoterContactEdit(props: { base: string; voterId: string | null }) {
  const { t } = useI18n();
  const errText = useErrorText();
  const [voterId, setVoterId] = useState(props.voterId ?? '');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<VoterEntry | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  useEffect(() => setVoterId(props.voterId ?? ''), [props.voterId]);

  const refusalOf = (e: unknown): Refusal => {
    if (!(e instanceof ApiError)) return { reason: errText(e), fields: {} };
    if (e.code === 'AlreadyVoted') return { reason: t('voterEdit.alreadyVoted'), fields: {} };
    if (e.code === 'NotFound') return { reason: t('voterEdit.notFound'), fields: { voterId: t('voterEdit.notFound') } };
    if (e.code === 'ValidationFailed') {
      const list = Array.isArray(e.details['fields']) ? (e.details['fields'] as { path?: string; code?: string }[]) : [];
      const fields: Refusal['fields'] = {};
      for (const f of list) {
        const name = f.path?.split('.').pop();
        if (name === 'phone') fields.phone = t('roll.phoneInvalid');
        if (name === 'email') fields.email = t('roll.emailInvalid');
        if (name === 'voterId') fields.voterId = t('roll.voterIdInvalid');
      }
      return { reason: t('err.ValidationFailed'), fields };
    }
    return { reason: `${errText(e)} ${e.message}`, fields: {} };
  };

  const submit = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    setSaved(null);
    const id = voterId.trim();
    if (id === '') return setRefusal({ reason: t('voterEdit.needId'), fields: { voterId: t('voterEdit.needId') } });
    const body: { phone?: string; email?: string } = {};
    if (phone.trim() !== '') body.phone = phone.trim();
    if (email.trim() !== '') body.email = email.trim();
    if (body.phone === undefined && body.email === undefined) return setRefusal({ reason: t('voterEdit.needContact'), fields: {} });
    setBusy(true);
    setRefusal(null);
    try {
      setSaved(await api<VoterEntry>('PATCH', `${props.base}/voters/${enc(id)}`, { body }));
      setPhone('');
      setEmail('');
    } catch (e) {
      setRefusal(refusalOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="voter-contact-edit" aria-labelledby="voter-contact-edit">
      <h3 id="voter-contact-edit">{t('voterEdit.title')}</h3>
      <p className="hint">{t('voterEdit.explain')}</p>
      <form onSubmit={(ev) => void submit(ev)} noValidate>
        <Field label={t('voterEdit.voterId')} error={refusal?.fields.voterId ?? null}>
          {(id, d) => <input id={id} aria-describedby={d} autoComplete="off" value={voterId} onChange={(ev) => setVoterId(ev.target.value)} aria-invalid={refusal?.fields.voterId !== undefined} />}
        </Field>
        <div className="row">
          <Field label={t('voterEdit.phone')} hint={t('voterEdit.phoneHint')} error={refusal?.fields.phone ?? null}>
            {(id, d) => <input id={id} aria-describedby={d} type="tel" inputMode="tel" autoComplete="off" value={phone} onChange={(ev) => setPhone(ev.target.value)} aria-invalid={refusal?.fields.phone !== undefined} />}
          </Field>
          <Field label={t('voterEdit.email')} error={refusal?.fields.email ?? null}>
            {(id, d) => <input id={id} aria-describedby={d} type="email" autoComplete="off" value={email} onChange={(ev) => setEmail(ev.target.value)} aria-invalid={refusal?.fields.email !== undefined} />}
          </Field>
        </div>
        <div className="actions">
          <button type="submit" className="btn" disabled={busy}>
            {t('voterEdit.save')}
          </button>
        </div>
      </form>
      {refusal !== null && (
        <Notice kind="error" role="alert">
          <p>
            <strong>{t('voterEdit.refused')}</strong>
          </p>
          <p>{refusal.reason}</p>
        </Notice>
      )}
      {saved !== null && (
        <Notice kind="ok">
          {t('voterEdit.saved', { id: saved.voterId, phone: saved.phone ?? '–', email: saved.email ?? '–' })}
        </Notice>
      )}
    </section>
  );
}

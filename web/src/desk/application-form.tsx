// The application's fields, shared by the application form (/apply) and the applicant's
// corrections on the status page (everything but the organization id and the region, which
// route the application): state, validation, the field sections and the edit form.
import { useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import { api, enc } from '../api';
import { Busy, ErrorBox, Field, Notice } from '../components/common';
import { useI18n } from '../i18n';
import type { Key } from '../messages';
import { overlapping, useBlackouts } from './common';
import { RadioGroup } from './radio-group';
import { ORGANIZATION_TYPES, TOKEN_HEADER, type ApplicationView, type Blackout, type OrganizationType, type Region } from './types';

const ORG_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** `010-1234-5678` from the usual ways of writing it (the gateway's rule), or null. */
export function normalizeMobile(raw: string): string | null {
  let d = raw.trim().replace(/[\s\-().]/g, '');
  if (d.startsWith('+82')) d = '0' + d.slice(3).replace(/^0/, '');
  else if (/^82\d{10}$/.test(d)) d = '0' + d.slice(2);
  if (/^10\d{8}$/.test(d)) d = '0' + d;
  return /^010\d{8}$/.test(d) ? `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}` : null;
}

export type FormState = {
  organizationName: string;
  organizationId: string;
  organizationType: OrganizationType | '';
  region: Region | '';
  contactName: string;
  phone: string;
  email: string;
  title: string;
  date: string;
  voters: string;
};

export type FieldName = keyof FormState;

export const EMPTY_FORM: FormState = { organizationName: '', organizationId: '', organizationType: '', region: '', contactName: '', phone: '', email: '', title: '', date: '', voters: '' };

/** The form filled with an application's details. */
function formOf(app: ApplicationView): FormState {
  return {
    organizationName: app.organizationName,
    organizationId: app.organizationId,
    organizationType: app.organizationType as OrganizationType,
    region: app.region as Region,
    contactName: app.contact.name,
    phone: app.contact.phone,
    email: app.contact.email,
    title: app.planned.title,
    date: app.planned.date,
    voters: String(app.planned.expectedVoters),
  };
}

const FIELD_LABELS = {
  organizationName: 'apply.orgName',
  organizationId: 'apply.orgId',
  organizationType: 'apply.orgType',
  region: 'apply.region',
  contactName: 'apply.contactName',
  phone: 'apply.contactPhone',
  email: 'apply.contactEmail',
  title: 'apply.plannedTitle',
  date: 'apply.plannedDate',
  voters: 'apply.plannedVoters',
} as const satisfies Record<FieldName, Key>;

function validate(f: FormState): Partial<Record<FieldName, Key>> {
  const e: Partial<Record<FieldName, Key>> = {};
  if (f.organizationName.trim().length < 2) e.organizationName = 'apply.err.orgName';
  if (!ORG_ID_PATTERN.test(f.organizationId)) e.organizationId = 'apply.err.orgId';
  if (f.organizationType === '') e.organizationType = 'apply.fix';
  if (f.region === '') e.region = 'apply.fix';
  if (f.contactName.trim() === '') e.contactName = 'apply.err.contactName';
  if (normalizeMobile(f.phone) === null) e.phone = 'apply.err.phone';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.email.trim())) e.email = 'apply.err.email';
  if (f.title.trim() === '') e.title = 'apply.err.title';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.date)) e.date = 'apply.err.date';
  if (!/^\d+$/.test(f.voters) || Number(f.voters) < 1 || Number(f.voters) > 10_000_000) e.voters = 'apply.err.voters';
  return e;
}

/** What the applicant may correct, from a valid form. */
export function detailsOf(f: FormState): Pick<ApplicationView, 'organizationName' | 'contact' | 'planned'> & { organizationType: OrganizationType } {
  return {
    organizationName: f.organizationName.trim(),
    organizationType: f.organizationType as OrganizationType,
    contact: { name: f.contactName.trim(), phone: normalizeMobile(f.phone)!, email: f.email.trim() },
    planned: { title: f.title.trim(), date: f.date, expectedVoters: Number(f.voters) },
  };
}

export interface ApplicationFormState {
  readonly f: FormState;
  readonly set: (patch: Partial<FormState>) => void;
  readonly errs: Partial<Record<FieldName, Key>>;
  readonly shown: boolean;
  /** Shows the problems; returns true if there are none (else focuses the summary). */
  readonly check: () => boolean;
  readonly err: (k: FieldName) => string | null;
  readonly summaryRef: RefObject<HTMLDivElement | null>;
}

export function useApplicationForm(initial: FormState): ApplicationFormState {
  const { t } = useI18n();
  const [f, setF] = useState<FormState>(initial);
  const [shown, setShown] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const errs = validate(f);
  return {
    f,
    set: (patch) => setF({ ...f, ...patch }),
    errs,
    shown,
    check: () => {
      setShown(true);
      if (Object.keys(errs).length === 0) return true;
      setTimeout(() => summaryRef.current?.focus(), 0);
      return false;
    },
    err: (k) => (shown && errs[k] !== undefined ? t(errs[k]) : null),
    summaryRef,
  };
}

/** The list of problems above the form, focused when the applicant tries to send it. */
export function FormProblems(props: { form: ApplicationFormState }): ReactNode {
  const { t } = useI18n();
  const { errs, shown, summaryRef } = props.form;
  if (!shown || Object.keys(errs).length === 0) return null;
  return (
    <div className="alert alert-error" role="alert" tabIndex={-1} ref={summaryRef} data-testid="form-problems">
      <p>{t('apply.fix')}</p>
      <ul>
        {(Object.keys(errs) as FieldName[]).map((k) => (
          <li key={k}>
            {t(FIELD_LABELS[k])}: {errs[k] === 'apply.fix' ? t('apply.required') : t(errs[k]!)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TextField(props: { form: ApplicationFormState; id: FieldName; label: string; type?: string; hint?: string; autoComplete?: string; inputMode?: 'numeric' | 'tel' | 'email'; className?: string }): ReactNode {
  const { f, set, err } = props.form;
  return (
    <Field label={props.label} hint={props.hint} error={err(props.id)}>
      {(fid, d) => (
        <input
          id={fid}
          name={props.id}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete ?? 'off'}
          className={props.className}
          aria-describedby={d}
          aria-invalid={err(props.id) !== null ? true : undefined}
          aria-required="true"
          value={f[props.id]}
          onChange={(e) => set({ [props.id]: e.target.value } as Partial<FormState>)}
        />
      )}
    </Field>
  );
}

export function OrganizationTypeField(props: { form: ApplicationFormState }): ReactNode {
  const { t } = useI18n();
  const { f, set, errs, shown } = props.form;
  return (
    <RadioGroup
      legend={t('apply.orgType')}
      name="organizationType"
      value={f.organizationType}
      options={ORGANIZATION_TYPES}
      label={(v) => t(`orgType.${v}`)}
      hint={(v) => t(`orgType.${v}.hint`)}
      onChange={(v) => set({ organizationType: v })}
      error={shown && errs.organizationType ? t('apply.chooseOne') : null}
    />
  );
}

export function fmtDay(iso: string, lang: 'ko' | 'en'): string {
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', { timeZone: 'Asia/Seoul', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso)) + ' KST';
}

/** The contact person and the planned election (with a warning when the day is in a blackout period). */
export function ContactAndPlannedSections(props: { form: ApplicationFormState; idPrefix: string; blackouts: readonly Blackout[] | null }): ReactNode {
  const { t, lang } = useI18n();
  const { form } = props;
  const dayStart = /^\d{4}-\d{2}-\d{2}$/.test(form.f.date) ? `${form.f.date}T00:00:00+09:00` : '';
  const dayBlackout = dayStart === '' ? undefined : overlapping(props.blackouts, dayStart, new Date(Date.parse(dayStart) + 86_400_000).toISOString());
  return (
    <>
      <section className="form-section" aria-labelledby={`${props.idPrefix}-contact`}>
        <h2 id={`${props.idPrefix}-contact`}>{t('apply.contactSection')}</h2>
        <TextField form={form} id="contactName" label={t('apply.contactName')} autoComplete="name" />
        <TextField form={form} id="phone" label={t('apply.contactPhone')} type="tel" inputMode="tel" hint={t('apply.contactPhoneHint')} autoComplete="tel" />
        <TextField form={form} id="email" label={t('apply.contactEmail')} type="email" inputMode="email" hint={t('apply.contactEmailHint')} autoComplete="email" />
      </section>
      <section className="form-section" aria-labelledby={`${props.idPrefix}-planned`}>
        <h2 id={`${props.idPrefix}-planned`}>{t('apply.plannedSection')}</h2>
        <TextField form={form} id="title" label={t('apply.plannedTitle')} />
        <TextField form={form} id="date" label={t('apply.plannedDate')} type="date" className="input-date" />
        {dayBlackout !== undefined && (
          <Notice kind="warn" role="note">
            {t('apply.inBlackout', { from: fmtDay(dayBlackout.from, lang), to: fmtDay(dayBlackout.to, lang), reason: dayBlackout.reason })}
          </Notice>
        )}
        <TextField form={form} id="voters" label={t('apply.plannedVoters')} inputMode="numeric" className="input-narrow" />
      </section>
    </>
  );
}

/**
 * The applicant's corrections on the status page (a draft, or changes requested): the name and
 * type of the organization, the contact person and the planned election.
 */
export function EditDetails(props: { app: ApplicationView; token: string; onSaved: (app: ApplicationView) => void }): ReactNode {
  const { t } = useI18n();
  const form = useApplicationForm(formOf(props.app));
  const blackouts = useBlackouts();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = async (ev: FormEvent): Promise<void> => {
    ev.preventDefault();
    setSaved(false);
    setError(null);
    if (!form.check()) return;
    setBusy(true);
    try {
      props.onSaved(await api<ApplicationView>('PUT', `/api/applications/${enc(props.app.ref)}`, { headers: { [TOKEN_HEADER]: props.token }, body: detailsOf(form.f) }));
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="panel-details" data-testid="edit-details">
      <summary>{t('edit.title')}</summary>
      <p className="hint">{t('edit.lead')}</p>
      <form noValidate onSubmit={(ev) => void save(ev)} className="apply-form">
        <FormProblems form={form} />
        <section className="form-section" aria-labelledby="edit-org">
          <h2 id="edit-org">{t('apply.orgSection')}</h2>
          <TextField form={form} id="organizationName" label={t('apply.orgName')} autoComplete="organization" />
          <OrganizationTypeField form={form} />
        </section>
        <ContactAndPlannedSections form={form} idPrefix="edit" blackouts={blackouts.list} />
        <ErrorBox error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('edit.save')}
        </button>
        {busy && <Busy label={t('loading')} />}
        {saved && (
          <p role="status" data-testid="edit-saved">
            {t('edit.saved')}
          </p>
        )}
      </form>
    </details>
  );
}

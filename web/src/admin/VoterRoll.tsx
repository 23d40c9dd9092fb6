// The voter roll as staff browse it (GET …/roll and GET …/voters): the summary, a search by name or
// voter number, one page of voters (contact data masked by the gateway) and, for a voter who may
// still change, the edit dialog. On a phone the rows become cards. `?voter=<id>` (a failed
// message's "fix the contact") searches that voter and opens their dialog.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { get } from '../api';
import { Busy, ErrorBox, Field, Notice } from '../components/common';
import { formatDateTime, formatNumber } from '../format';
import { useI18n } from '../i18n';
import type { RollInfo, RollPage, RollVoter, VoterEntry } from '../types';
import { VoterEditDialog } from './VoterEditDialog';

const PAGE_SIZES = [50, 100, 200] as const;

type Query = { q: string; page: number; pageSize: number };

export function VoterRoll(props: { base: string; focusVoter: string | null }) {
  const { t, lang } = useI18n();
  const [summary, setSummary] = useState<RollInfo | null>(null);
  const [query, setQuery] = useState<Query>({ q: props.focusVoter ?? '', page: 1, pageSize: PAGE_SIZES[0] });
  const [text, setText] = useState(query.q);
  const [page, setPage] = useState<RollPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<RollVoter | null>(null);
  const [saved, setSaved] = useState<VoterEntry | null>(null);
  const [loads, setLoads] = useState(0);
  const openers = useRef(new Map<string, HTMLButtonElement>());
  const tableRef = useRef<HTMLTableElement>(null);
  const prevRef = useRef<HTMLButtonElement>(null);
  const nextRef = useRef<HTMLButtonElement>(null);
  const deepLink = useRef(props.focusVoter);

  useEffect(() => {
    get<RollInfo>(`${props.base}/roll`).then(setSummary, setError);
  }, [props.base, loads]);
  useEffect(() => {
    let live = true;
    setLoading(true);
    const params = new URLSearchParams({ q: query.q, page: String(query.page), pageSize: String(query.pageSize) });
    get<RollPage>(`${props.base}/voters?${params}`)
      .then((p) => {
        if (!live) return;
        setPage(p);
        setError(null);
        setLoading(false);
        const wanted = p.voters.find((v) => v.voterId === deepLink.current);
        deepLink.current = null;
        if (wanted?.editable.contact) setEditing(wanted);
      })
      .catch((err: unknown) => {
        if (!live) return;
        setError(err);
        setLoading(false);
      });
    return () => {
      live = false;
    };
  }, [props.base, query, loads]);

  const search = (ev: FormEvent): void => {
    ev.preventDefault();
    setSaved(null);
    setQuery({ ...query, q: text.trim(), page: 1 });
  };
  const showAll = (): void => {
    setText('');
    setQuery({ ...query, q: '', page: 1 });
  };
  const pages = page === null ? 1 : Math.max(1, Math.ceil(page.total / page.pageSize));
  const turn = (to: number): void => {
    setQuery({ ...query, page: to });
    // A pager button that becomes disabled would drop the focus: hand it to the other one.
    if (to <= 1) nextRef.current?.focus();
    if (to >= pages) prevRef.current?.focus();
  };
  const closeDialog = (voter: RollVoter, entry: VoterEntry | null): void => {
    setEditing(null);
    if (entry !== null) {
      setSaved(entry);
      setLoads((n) => n + 1);
    }
    const opener = openers.current.get(voter.voterId);
    if (opener?.isConnected) opener.focus();
    else tableRef.current?.focus();
  };

  const from = page === null || page.voters.length === 0 ? 0 : (page.page - 1) * page.pageSize + 1;
  const to = page === null ? 0 : from + page.voters.length - 1;
  const range = { total: formatNumber(page?.total ?? 0, lang), from: formatNumber(from, lang), to: formatNumber(Math.max(from, to), lang), q: query.q };
  const dash = '–';
  const groupText = (g: string | null): string => g ?? t('rollList.noGroup');
  return (
    <section className="voter-roll" aria-labelledby="voter-roll-title">
      <h3 id="voter-roll-title">{t('rollList.title')}</h3>
      {summary !== null && (
        <dl className="facts" data-testid="roll-summary">
          <dt>{t('rollList.count')}</dt>
          <dd>{t('rollList.people', { n: formatNumber(summary.voterCount, lang) })}</dd>
          {summary.groups.length > 0 && (
            <>
              <dt>{t('rollList.groups')}</dt>
              <dd>{summary.groups.map((g) => t('rollList.groupCount', { group: groupText(g.group), n: formatNumber(g.count, lang) })).join(' · ')}</dd>
            </>
          )}
          <dt>{t('rollList.importedAt')}</dt>
          <dd>{formatDateTime(summary.importedAt, lang)}</dd>
          <dt>{t('rollList.frozenAt')}</dt>
          <dd>{summary.frozenAt === null ? t('rollList.notFrozen') : formatDateTime(summary.frozenAt, lang)}</dd>
        </dl>
      )}
      <p className="hint">{t('rollList.explain')}</p>
      <form role="search" className="roll-search" onSubmit={search} aria-label={t('rollList.searchLabel')}>
        <Field label={t('rollList.search')}>
          {(id, d) => <input id={id} aria-describedby={d} type="search" maxLength={64} autoComplete="off" value={text} onChange={(ev) => setText(ev.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" className="btn">
            {t('rollList.find')}
          </button>
          {query.q !== '' && (
            <button type="button" className="btn btn-secondary" onClick={showAll}>
              {t('rollList.showAll')}
            </button>
          )}
        </div>
      </form>
      {saved !== null && <Notice kind="ok">{t('rollList.saved', { name: saved.name, id: saved.voterId })}</Notice>}
      <ErrorBox error={error} />
      <p className="hint" role="status" data-testid="roll-status">
        {page !== null && (page.total === 0 ? t('rollList.none') : t(query.q === '' ? 'rollList.status' : 'rollList.statusSearch', range))}
      </p>
      {loading && <Busy label={t('rollList.loading')} />}
      {page !== null && page.voters.length > 0 && (
        <table className="table roll-table" data-testid="roll-table" ref={tableRef} tabIndex={-1}>
          <caption>{t(query.q === '' ? 'rollList.caption' : 'rollList.captionSearch', range)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rollList.voterId')}</th>
              <th scope="col">{t('rollList.name')}</th>
              <th scope="col">{t('rollList.group')}</th>
              <th scope="col">{t('rollList.phone')}</th>
              <th scope="col">{t('rollList.email')}</th>
              <th scope="col">{t('rollList.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {page.voters.map((v) => (
              <tr key={v.voterId} className={v.editable.contact ? undefined : 'row-locked'}>
                <th scope="row" data-label={t('rollList.voterId')}>
                  {v.voterId}
                </th>
                <td data-label={t('rollList.name')}>{v.name}</td>
                <td data-label={t('rollList.group')}>{v.group ?? dash}</td>
                <td data-label={t('rollList.phone')}>
                  <code>{v.phone ?? dash}</code>
                </td>
                <td data-label={t('rollList.email')}>
                  <code className="break">{v.email ?? dash}</code>
                </td>
                <td className="roll-edit">
                  {v.editable.contact ? (
                    <button
                      type="button"
                      className="btn btn-secondary"
                      ref={(el) => {
                        if (el === null) openers.current.delete(v.voterId);
                        else openers.current.set(v.voterId, el);
                      }}
                      aria-label={t('rollList.editOf', { name: v.name, id: v.voterId })}
                      onClick={() => {
                        setSaved(null);
                        setEditing(v);
                      }}
                    >
                      {t('rollList.edit')}
                    </button>
                  ) : (
                    <span className="locked">{t('rollList.voted')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page !== null && page.total > 0 && (
        <nav className="pager" aria-label={t('rollList.pages')}>
          <p className="pager-at">{t('rollList.pageOf', { page: formatNumber(query.page, lang), pages: formatNumber(pages, lang) })}</p>
          <button type="button" className="btn btn-secondary" ref={prevRef} disabled={query.page <= 1} onClick={() => turn(query.page - 1)}>
            {t('rollList.prev')}
          </button>
          <button type="button" className="btn btn-secondary" ref={nextRef} disabled={query.page >= pages} onClick={() => turn(query.page + 1)}>
            {t('rollList.next')}
          </button>
          <label className="check">
            {t('rollList.pageSize')}
            <select value={query.pageSize} onChange={(ev) => setQuery({ ...query, page: 1, pageSize: Number(ev.target.value) })}>
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {t('rollList.perPage', { n })}
                </option>
              ))}
            </select>
          </label>
        </nav>
      )}
      {editing !== null && <VoterEditDialog base={props.base} voter={editing} onClose={(entry) => closeDialog(editing, entry)} />}
    </section>
  );
}

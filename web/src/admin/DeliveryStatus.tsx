// Delivery status of an election's invitations and reminders (GET …/messages): a summary by kind
// and status, and the messages themselves (recipients masked by the gateway), refreshed while any
// is still on its way. A failed message links to the roll's contact fix for that voter.
import { useEffect, useState } from 'react';
import { enc, get } from '../api';
import { ErrorBox } from '../components/common';
import { formatDateTime, formatKrw, formatNumber } from '../format';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type { DeliveryMessage } from '../types';

const STATUSES = ['queued', 'sent', 'delivered', 'failed'] as const;
const SHOWN = 100;
const REFRESH_MS = 10_000;

export function DeliveryStatus(props: { base: string; electionId: string; version: number }) {
  const { t, lang } = useI18n();
  const [messages, setMessages] = useState<DeliveryMessage[] | null>(null);
  const [checkedAt, setCheckedAt] = useState<number | null>(null);
  const [filter, setFilter] = useState<string>('all');
  const [error, setError] = useState<unknown>(null);
  const load = async (): Promise<void> => {
    try {
      setMessages(await get<DeliveryMessage[]>(`${props.base}/messages`));
      setCheckedAt(Date.now());
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.base, props.version]);
  const onTheirWay = messages?.some((m) => m.status === 'queued' || m.status === 'sent') ?? false;
  useEffect(() => {
    if (!onTheirWay) return;
    const id = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [onTheirWay, props.base]);

  const kinds = [...new Set((messages ?? []).map((m) => m.kind))];
  const count = (kind: string | null, status: string | null): number => (messages ?? []).filter((m) => (kind === null || m.kind === kind) && (status === null || m.status === status)).length;
  const listed = (messages ?? []).filter((m) => filter === 'all' || m.status === filter);
  const kindLabel = (k: string): string => t.maybe(`msg.${k}`) ?? k;
  const statusLabel = (s: string): string => t.maybe(`delivery.${s}`) ?? s;
  return (
    <div className="delivery" data-testid="delivery-status">
      <h3>{t('delivery.title')}</h3>
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={() => void load()}>
          {t('refresh')}
        </button>
      </div>
      <p className="hint" role="status">
        {checkedAt !== null && t('delivery.checkedAt', { at: formatDateTime(checkedAt, lang) })}
        {onTheirWay && ` ${t('delivery.autoRefresh')}`}
      </p>
      <ErrorBox error={error} />
      {messages !== null && messages.length === 0 && <p>{t('delivery.none')}</p>}
      {messages !== null && messages.length > 0 && (
        <>
          <table className="table" data-testid="delivery-summary" tabIndex={0}>
            <caption>{t('delivery.summary')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('msg.kind')}</th>
                {STATUSES.map((s) => (
                  <th key={s} scope="col">
                    {statusLabel(s)}
                  </th>
                ))}
                <th scope="col">{t('delivery.total')}</th>
              </tr>
            </thead>
            <tbody>
              {kinds.map((k) => (
                <tr key={k}>
                  <th scope="row">{kindLabel(k)}</th>
                  {STATUSES.map((s) => (
                    <td key={s} className={s === 'failed' && count(k, s) > 0 ? 'num bad' : 'num'}>
                      {formatNumber(count(k, s), lang)}
                    </td>
                  ))}
                  <td className="num">{formatNumber(count(k, null), lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="field">
            <label htmlFor="delivery-filter">{t('delivery.filter')}</label>
            <select id="delivery-filter" value={filter} onChange={(ev) => setFilter(ev.target.value)}>
              <option value="all">{t('delivery.all', { n: formatNumber(messages.length, lang) })}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {statusLabel(s)} ({formatNumber(count(null, s), lang)})
                </option>
              ))}
            </select>
          </div>
          <table className="table" data-testid="delivery-messages" tabIndex={0}>
              <caption>{t('delivery.messages')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('delivery.recipient')}</th>
                  <th scope="col">{t('msg.kind')}</th>
                  <th scope="col">{t('msg.channel')}</th>
                  <th scope="col">{t('delivery.status')}</th>
                  <th scope="col">{t('delivery.cost')}</th>
                  <th scope="col">{t('delivery.at')}</th>
                </tr>
              </thead>
              <tbody>
                {listed.slice(0, SHOWN).map((m) => (
                  <tr key={m.id} className={m.status === 'failed' ? 'row-error' : undefined}>
                    <td>
                      <code>{m.recipient}</code>
                    </td>
                    <td>{kindLabel(m.kind)}</td>
                    <td>{m.channel === 'email' ? t('msg.email') : m.channel.toUpperCase()}</td>
                    <td>
                      {statusLabel(m.status)}
                      {m.status === 'failed' && m.voterId !== null && (
                        <>
                          {' '}
                          <Link to={`/admin/elections/${enc(props.electionId)}?tab=roll&voter=${enc(m.voterId)}`} aria-label={t('delivery.fixContactOf', { recipient: m.recipient })}>
                            {t('delivery.fixContact')}
                          </Link>
                        </>
                      )}
                    </td>
                    <td className="num">{formatKrw(m.costKrw, lang)}</td>
                    <td>{formatDateTime(m.createdAt, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          {listed.length > SHOWN && <p className="hint">{t('delivery.truncated', { shown: SHOWN, n: formatNumber(listed.length, lang) })}</p>}
        </>
      )}
    </div>
  );
}

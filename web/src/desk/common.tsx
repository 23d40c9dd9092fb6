// Pieces shared by the public service-desk pages and the admin console: the commissions, the
// blackout periods, document checks (the gateway's own rules, by the file's first bytes), the
// decision history.
import { useEffect, useState } from 'react';
import { ApiError, get } from '../api';
import { DownloadButton } from '../components/DownloadButton';
import { formatDateTime, formatNumber, type Lang } from '../format';
import { useI18n } from '../i18n';
import { MAX_DOCUMENT_BYTES, type ApplicationView, type Blackout, type ServiceInfo } from './types';

let serviceInfo: Promise<ServiceInfo> | null = null;

/** This gateway's commission and who serves which region (fetched once per page load). */
export function useServiceInfo(): { info: ServiceInfo | null; error: unknown } {
  const [info, setInfo] = useState<ServiceInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    serviceInfo ??= get<ServiceInfo>('/api/service/commissions');
    let live = true;
    serviceInfo.then(
      (i) => live && setInfo(i),
      (e) => {
        serviceInfo = null;
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return { info, error };
}

export function commissionName(info: ServiceInfo | null, mspId: string, lang: Lang): string {
  const c = info?.commissions.find((x) => x.mspId === mspId);
  return c === undefined ? mspId : c.name[lang];
}

export function competentFor(info: ServiceInfo | null, region: string): string | null {
  return info?.commissions.find((c) => c.regions.includes(region))?.mspId ?? null;
}

/** The declared blackout periods (public), soonest first. `reload` after declaring one. */
export function useBlackouts(): { list: Blackout[] | null; error: unknown; reload: () => void } {
  const [list, setList] = useState<Blackout[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    get<Blackout[]>('/api/blackouts').then(
      (l) => live && setList([...l].sort((a, b) => a.from.localeCompare(b.from))),
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [n]);
  return { list, error, reload: () => setN((x) => x + 1) };
}

/** The first blackout period overlapping [from, to) (ISO times), if any. */
export function overlapping(list: readonly Blackout[] | null, from: string, to: string): Blackout | undefined {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  return (list ?? []).find((x) => a < Date.parse(x.to) && Date.parse(x.from) < b);
}

/** The blackout named by a `409 Blackout` refusal ("… overlaps the blackout period <id> (…)"). */
export function blackoutOfError(e: unknown, list: readonly Blackout[] | null): Blackout | { blackoutId: string; message: string } | null {
  if (!(e instanceof ApiError) || e.code !== 'Blackout') return null;
  const id = /blackout period (\S+)/.exec(e.message)?.[1];
  const found = id === undefined ? undefined : list?.find((b) => b.blackoutId === id);
  return found ?? { blackoutId: id ?? '', message: e.message };
}

export function BlackoutTable(props: { list: readonly Blackout[]; showId?: boolean; caption?: string }) {
  const { t, lang } = useI18n();
  const { info } = useServiceInfo();
  return (
    <table className="table" data-testid="blackouts">
      {props.caption !== undefined && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          <th scope="col">{t('blackout.colPeriod')}</th>
          <th scope="col">{t('blackout.colReason')}</th>
          {props.showId && <th scope="col">{t('blackout.colId')}</th>}
          {props.showId && <th scope="col">{t('blackout.colBy')}</th>}
        </tr>
      </thead>
      <tbody>
        {props.list.map((b) => (
          <tr key={b.blackoutId}>
            <th scope="row">
              {formatDateTime(b.from, lang)} – {formatDateTime(b.to, lang)}
            </th>
            <td>{b.reason}</td>
            {props.showId && <td className="mono">{b.blackoutId}</td>}
            {props.showId && <td>{commissionName(info, b.declaredBy, lang)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export type DocumentProblem = { key: 'docs.badType' | 'docs.tooBig'; vars: Record<string, string> };

/** PDF, PNG or JPEG by the first bytes (the gateway's rule), at most 10 MB. */
export async function checkDocument(file: File, lang: Lang): Promise<{ contentType: string } | DocumentProblem> {
  if (file.size > MAX_DOCUMENT_BYTES) return { key: 'docs.tooBig', vars: { name: file.name, size: formatBytes(file.size, lang) } };
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const ascii = String.fromCharCode(...head.subarray(0, 5));
  if (ascii === '%PDF-') return { contentType: 'application/pdf' };
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (head.length >= 8 && png.every((b, i) => head[i] === b)) return { contentType: 'image/png' };
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { contentType: 'image/jpeg' };
  return { key: 'docs.badType', vars: { name: file.name } };
}

export function formatBytes(n: number, lang: Lang): string {
  if (n < 1024) return `${formatNumber(n, lang)} B`;
  if (n < 1024 * 1024) return `${formatNumber(Math.ceil(n / 102.4) / 10, lang)} KB`;
  // rounded up, so a file just over the limit never reads as "10 MB"
  return `${formatNumber(Math.ceil((n / (1024 * 1024)) * 10) / 10, lang)} MB`;
}

export function typeLabel(contentType: string): string {
  return contentType === 'application/pdf' ? 'PDF' : contentType === 'image/png' ? 'PNG' : contentType === 'image/jpeg' ? 'JPEG' : contentType;
}

export function AppStatusBadge(props: { status: string }) {
  const { t } = useI18n();
  return <span className={`badge app-${props.status}`}>{t.maybe(`appStatus.${props.status}`) ?? props.status}</span>;
}

export function ApplicationHistory(props: { app: ApplicationView; info: ServiceInfo | null }) {
  const { t, lang } = useI18n();
  if (props.app.history.length === 0) return <p>{t('status.noHistory')}</p>;
  return (
    <table className="table" data-testid="application-history">
      <caption className="sr-only">{t('status.history')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('status.histAt')}</th>
          <th scope="col">{t('status.histAction')}</th>
          <th scope="col">{t('status.histReason')}</th>
          <th scope="col">{t('status.histBy')}</th>
        </tr>
      </thead>
      <tbody>
        {props.app.history.map((h, i) => (
          <tr key={i}>
            <td>{formatDateTime(h.at, lang)}</td>
            <th scope="row">{t.maybe(`appAction.${h.action}`) ?? h.action}</th>
            <td>{h.reason ?? '–'}</td>
            <td>{h.action === 'submitted' || h.action === 'resubmitted' ? props.app.organizationName : byLabel(h.by, props.info, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `by` on the ledger is `<mspId>/<identity>` (e.g. `CentralMSP/admin`): name the commission when known. */
function byLabel(by: string, info: ServiceInfo | null, lang: Lang): string {
  const msp = by.split('/')[0] ?? by;
  const c = info?.commissions.find((x) => x.mspId === msp);
  return c === undefined ? by : c.name[lang];
}

export function DocumentList(props: { app: ApplicationView; link?: (sha256: string) => string }) {
  const { t, lang } = useI18n();
  if (props.app.documents.length === 0) return <p>{t('docs.none')}</p>;
  return (
    <table className="table" data-testid="documents">
      <caption className="sr-only">{t('docs.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('docs.colName')}</th>
          <th scope="col">{t('docs.colType')}</th>
          <th scope="col">{t('docs.colSize')}</th>
        </tr>
      </thead>
      <tbody>
        {props.app.documents.map((d) => (
          <tr key={d.sha256}>
            <th scope="row">
              {props.link ? <DownloadButton className="btn btn-link" path={props.link(d.sha256)} filename={d.filename} label={d.filename} /> : d.filename}
            </th>
            <td>{typeLabel(d.contentType)}</td>
            <td className="num">{formatBytes(d.size, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// The fee statement of one election: what was actually used, priced (table), CSV and PDF
// downloads, and "e-mail it to me" (the address on file for the signed-in admin).
import { useEffect, useState } from 'react';
import { get, post } from '../api';
import { Busy, ErrorBox, Notice } from '../components/common';
import { CostTable } from '../components/cost';
import { DownloadButton } from '../components/DownloadButton';
import { useI18n } from '../i18n';
import type { CostEstimate } from '../types';

export function FeeStatementPanel(props: { base: string; electionId: string }) {
  const { t } = useI18n();
  const [fees, setFees] = useState<CostEstimate | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [mailError, setMailError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get<CostEstimate>(`${props.base}/fee-statement`).then(setFees, setError);
  }, [props.base]);
  const mail = async (): Promise<void> => {
    setBusy(true);
    setMailError(null);
    setSentTo(null);
    try {
      setSentTo((await post<{ sentTo: string }>(`${props.base}/fee-statement/email`)).sentTo);
    } catch (e) {
      setMailError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h2>{t('feeStmt.title')}</h2>
      <p>{t('feeStmt.lead')}</p>
      <ErrorBox error={error} />
      {fees === null && error === null && <Busy label={t('loading')} />}
      {fees !== null && fees.lines.length === 0 && <p>{t('feeStmt.empty')}</p>}
      {fees !== null && <CostTable estimate={fees} caption={t('feeStmt.title')} />}
      <div className="actions">
        <DownloadButton path={`${props.base}/fee-statement.csv`} filename={`fees-${props.electionId}.csv`} label={t('feeStmt.csv')} />
        <DownloadButton path={`${props.base}/fee-statement.pdf`} filename={`fees-${props.electionId}.pdf`} label={t('feeStmt.pdf')} />
        <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void mail()}>
          {t('feeStmt.email')}
        </button>
      </div>
      {busy && <Busy label={t('admin.working')} />}
      <ErrorBox error={mailError} />
      {sentTo !== null && <Notice kind="ok">{t('feeStmt.emailed', { to: sentTo })}</Notice>}
    </>
  );
}

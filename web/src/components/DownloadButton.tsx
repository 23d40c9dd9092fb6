// Downloads a file route through fetch and a blob: object URL (the CSP's way), so a refusal
// (session expired, no permission) is shown on the page instead of being saved as a file.
import { useState } from 'react';
import { getFile } from '../api';
import { downloadFile } from '../download';
import { ErrorBox } from './common';

export function DownloadButton(props: { path: string; filename: string; label: string; className?: string; describedBy?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const f = await getFile(props.path);
      downloadFile(f.filename ?? props.filename, f.blob);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={props.className ?? 'btn btn-secondary'} disabled={busy} aria-describedby={props.describedBy} onClick={() => void go()}>
        {props.label}
      </button>
      {error !== null && <ErrorBox error={error} />}
    </>
  );
}

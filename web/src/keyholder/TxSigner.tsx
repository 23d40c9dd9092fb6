// Shows exactly what the key holder is about to sign, then signs each Fabric step in the browser:
// proposal (read and checked against the screen, fabric-tx.ts) → endorse → transaction (checked
// to be that proposal, endorsed) → submit.
import { canonicalJson } from '@ballotledger/core';
import { useState } from 'react';
import { enc, post } from '../api';
import { ErrorBox, Notice } from '../components/common';
import { useI18n } from '../i18n';
import type { TxName } from '../types';
import { fromBase64, payloadFingerprint, signMessage, type FabricIdentity } from './fabric';
import { checkProposal, checkTransaction, SigningRefused } from './fabric-tx';

/** The chaincode every key-holder transaction calls. */
const CHAINCODE = 'ballot';

export interface TxResult {
  txId: string;
  blockNumber: number | null;
  status: string;
}

export function TxSigner(props: { identity: FabricIdentity; electionId: string; name: TxName; payload: unknown; summary: string[]; onDone: (r: TxResult) => void }) {
  const { t } = useI18n();
  const [phase, setPhase] = useState<'review' | 'proposal' | 'endorse' | 'submit' | 'done'>('review');
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<TxResult | null>(null);
  const json = JSON.stringify(props.payload);
  const run = async (): Promise<void> => {
    setError(null);
    try {
      setPhase('proposal');
      const p = await post<{ id: string; proposal: string }>('/api/keyholder/transactions', { electionId: props.electionId, name: props.name, payload: props.payload });
      const proposal = fromBase64(p.proposal);
      const { mspId, certificate } = props.identity;
      const checked = checkProposal(proposal, { chaincode: CHAINCODE, fn: props.name, args: [props.electionId, canonicalJson(props.payload)], mspId, certificate });
      setPhase('endorse');
      const e = await post<{ transaction: string }>(`/api/keyholder/transactions/${enc(p.id)}/endorse`, { signature: signMessage(props.identity, proposal) });
      const transaction = fromBase64(e.transaction);
      checkTransaction(transaction, checked);
      setPhase('submit');
      const s = await post<TxResult>(`/api/keyholder/transactions/${enc(p.id)}/submit`, { signature: signMessage(props.identity, transaction) });
      setResult(s);
      setPhase('done');
      props.onDone(s);
    } catch (err) {
      setError(err);
      setPhase('review');
    }
  };
  const steps = ['proposal', 'endorse', 'submit'] as const;
  const at = steps.indexOf(phase as (typeof steps)[number]);
  return (
    <div className="tx-signer" data-testid="tx-signer">
      <h3>{t('tx.title')}</h3>
      <dl className="facts">
        <dt>{t('tx.name')}</dt>
        <dd>
          <code>{props.name}</code> — {t(`tx.desc.${props.name}`)}
        </dd>
        <dt>{t('tx.election')}</dt>
        <dd>{props.electionId}</dd>
        <dt>{t('tx.signer')}</dt>
        <dd>
          {props.identity.enrollmentId} ({props.identity.mspId})
        </dd>
        <dt>{t('tx.contents')}</dt>
        <dd>
          <ul>
            {props.summary.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('tx.fingerprint')}</dt>
        <dd>
          <code>{payloadFingerprint(props.payload)}</code> · {t('tx.bytes', { n: json.length })}
        </dd>
      </dl>
      <details>
        <summary>{t('tx.showPayload')}</summary>
        <pre className="payload">{JSON.stringify(props.payload, null, 2)}</pre>
      </details>
      {phase === 'done' && result !== null ? (
        <Notice kind="ok">{t('tx.done', { tx: result.txId, block: result.blockNumber ?? '–' })}</Notice>
      ) : (
        <>
          {phase !== 'review' && (
            <ol className="checklist" role="status" aria-live="polite">
              {steps.map((s, i) => (
                <li key={s} className={i < at ? 'ok' : i === at ? 'current' : ''}>
                  {t(`tx.step.${s}`)}
                </li>
              ))}
            </ol>
          )}
          {error instanceof SigningRefused ? (
            <ErrorBox error={t('tx.refused', { reason: error.reason })} title={t('tx.refusedTitle')} />
          ) : (
            <ErrorBox error={error} />
          )}
          <button type="button" className="btn btn-primary" disabled={phase !== 'review'} onClick={() => void run()}>
            {t('tx.sign')}
          </button>
        </>
      )}
    </div>
  );
}

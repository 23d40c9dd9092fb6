// Encrypts, proves and signs a ballot off the main thread, reporting progress after each proof:
// the page stays responsive and shows how far it got on a slow phone.
import '../zod-config';
import { BallotLedgerError, encryptBallot, type BallotContext } from '@ballotledger/core';

export interface EncryptTask {
  readonly ctx: Pick<BallotContext, 'manifest' | 'jointKey' | 'electionBaseHash'>;
  readonly choices: number[][];
  readonly secret: string;
  readonly ballotId: string;
}

self.onmessage = (ev: MessageEvent<EncryptTask>) => {
  const { ctx, choices, secret, ballotId } = ev.data;
  try {
    const result = encryptBallot(ctx, choices, secret, undefined, ballotId, (done, total) => self.postMessage({ progress: done / total }));
    self.postMessage({ result });
  } catch (e) {
    self.postMessage({ error: e instanceof BallotLedgerError ? { code: e.code, check: e.check, message: e.message.replace(`[${e.code}] ${e.check}: `, '') } : { message: String(e) } });
  }
};

import { expect } from 'chai';
import { LedgerError, toLedgerError } from './ledger-error.js';

describe('LedgerError', () => {
  it('keeps a chaincode refusal as its code: nothing was written, retrying will not help', () => {
    const e = toLedgerError(new Error('chaincode response 500, [InvalidProof] contest 0: range proof 2 fails'));
    expect(e).to.be.instanceOf(LedgerError);
    expect(e.code).to.equal('InvalidProof');
    expect(e.message).to.equal('contest 0: range proof 2 fails');
    expect(e.retryable).to.equal(false);
  });

  it('treats any other failure as NotRecorded, which is safe to retry', () => {
    const e = toLedgerError(new Error('14 UNAVAILABLE: connection refused [Timeout]'));
    expect(e.code).to.equal('NotRecorded');
    expect(e.retryable).to.equal(true);
  });
});

import { expect } from 'chai';
import { z } from 'zod';
import { ApiError, CHAINCODE_ERROR_CODES, ERROR_STATUS } from './errors.js';

describe('ApiError', () => {
  it('gives every chaincode code an HTTP error status', () => {
    for (const c of CHAINCODE_ERROR_CODES) expect(ERROR_STATUS[c]).to.be.within(400, 599);
  });

  it('maps a chaincode message, even wrapped by the peer, to its code and status', () => {
    const e = ApiError.fromChaincode('10 ABORTED: failed to endorse transaction, see attached details for more info; chaincode response 500, [AlreadyVoted] credential already used');
    expect(e.code).to.equal('AlreadyVoted');
    expect(e.status).to.equal(409);
    expect(e.message).to.equal('credential already used');
    expect(ApiError.fromChaincode('[NotOpen] election e1 is not open').status).to.equal(409);
    expect(ApiError.fromChaincode('[InvalidProof] bad').status).to.equal(422);
    expect(ApiError.fromChaincode('[ElectionNotFound] e9').status).to.equal(404);
    const unknown = ApiError.fromChaincode('panic: runtime error at /internal/x.go:12');
    expect(unknown.code).to.equal('Internal');
    expect(unknown.toBody().error.message).not.to.include('x.go');
  });

  it('turns a zod error into ValidationFailed with the field list', () => {
    const r = z.object({ a: z.string(), b: z.object({ c: z.number() }) }).safeParse({ a: 1, b: { c: 'x' } });
    const e = ApiError.fromZod('body', (r as { error: z.ZodError }).error);
    expect(e.status).to.equal(400);
    expect((e.details as { fields: { path: string }[] }).fields.map((f) => f.path)).to.deep.equal(['body.a', 'body.b.c']);
    expect(e.toBody()).to.have.nested.property('error.code', 'ValidationFailed');
  });
});

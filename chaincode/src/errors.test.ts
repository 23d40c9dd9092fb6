import { expect } from 'chai';
import { ChaincodeError, parseChaincodeRefusal } from './errors.js';

describe('chaincode errors', () => {
  it('are "[Code] message", and read back from a message the peer wrapped', () => {
    const e = new ChaincodeError('AlreadyVoted', 'credential already used');
    expect(e.message).to.equal('[AlreadyVoted] credential already used');
    const relayed = `10 ABORTED: failed to endorse transaction; chaincode response 500, ${e.message}`;
    expect(parseChaincodeRefusal(relayed)).to.deep.equal({ code: 'AlreadyVoted', message: 'credential already used' });
  });

  it('ignore bracketed words that are not codes', () => {
    expect(parseChaincodeRefusal('[peer0] [Blackout] window overlaps')).to.deep.equal({ code: 'Blackout', message: 'window overlaps' });
    expect(parseChaincodeRefusal('[Timeout] deadline exceeded')).to.equal(undefined);
  });
});

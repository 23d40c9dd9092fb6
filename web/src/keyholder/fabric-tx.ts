// What a key holder signs, read before it is signed. The gateway builds the Fabric proposal and,
// after endorsement, the transaction; it sends the messages themselves and the browser checks
// them against what the holder's screen shows before it hashes and signs them:
//   proposal:    an endorser transaction on the `ballot` chaincode, calling exactly the function
//                and arguments on screen, created by this holder's certificate, no transient data,
//                its transaction id derived from its nonce and creator;
//   transaction: that same proposal (same headers, same invocation), one action, endorsed on a
//                proposal hash of that proposal, by the `ballot` chaincode, which answered 200.
// So a compromised gateway cannot have the holder sign a different ceremony message or share.
// Field numbers are those of fabric-protos (common/common.proto, peer/proposal.proto,
// peer/chaincode.proto, peer/transaction.proto, peer/proposal_response.proto, msp/identities.proto).
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { bytesField, messageField, ProtobufError, readFields, repeatedBytes, stringField, varintField, type Fields } from './protobuf';

/** The transaction the holder's screen shows. */
export interface ExpectedInvocation {
  readonly chaincode: string;
  readonly fn: string;
  readonly args: readonly string[];
  readonly mspId: string;
  /** The holder's certificate, PEM. */
  readonly certificate: string;
}

/** A proposal found to be the expected one, with the parts its transaction must repeat. */
export interface CheckedProposal {
  readonly channelHeader: Uint8Array;
  readonly signatureHeader: Uint8Array;
  readonly payload: Uint8Array;
  readonly chaincode: string;
}

/** The browser will not sign: what the gateway sent is not what the screen shows. */
export class SigningRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const ENDORSER_TRANSACTION = 3n;

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const normalPem = (pem: string): string => pem.replace(/\r/g, '').trim();

/** Protobuf errors become refusals that name the message being read. */
function reading<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ProtobufError) throw new SigningRefused(`${what}: ${e.message}`);
    throw e;
  }
}

function invocationOf(cpp: Fields): { chaincode: string; args: Uint8Array[] } {
  if (cpp.has(2)) throw new SigningRefused('the proposal carries transient data');
  const spec = messageField(messageField(cpp, 1, 'ChaincodeProposalPayload.input'), 1, 'ChaincodeInvocationSpec.chaincode_spec');
  const chaincode = stringField(messageField(spec, 2, 'ChaincodeSpec.chaincode_id'), 2, 'ChaincodeID.name');
  const args = repeatedBytes(messageField(spec, 3, 'ChaincodeSpec.input'), 1, 'ChaincodeInput.args');
  return { chaincode, args };
}

/** Checks the Proposal message the gateway asks the holder to sign; throws SigningRefused. */
export function checkProposal(proposal: Uint8Array, expected: ExpectedInvocation): CheckedProposal {
  return reading('proposal', () => {
    const p = readFields(proposal);
    const header = messageField(p, 1, 'Proposal.header');
    const channelHeader = bytesField(header, 1, 'Header.channel_header');
    const signatureHeader = bytesField(header, 2, 'Header.signature_header');
    const ch = readFields(channelHeader);
    if (varintField(ch, 1, 'ChannelHeader.type') !== ENDORSER_TRANSACTION) throw new SigningRefused('the proposal is not an endorser transaction');
    const txId = stringField(ch, 5, 'ChannelHeader.tx_id');
    const headerChaincode = stringField(messageField(messageField(ch, 7, 'ChannelHeader.extension'), 2, 'ChaincodeHeaderExtension.chaincode_id'), 2, 'ChaincodeID.name');

    const sh = readFields(signatureHeader);
    const creator = bytesField(sh, 1, 'SignatureHeader.creator');
    const nonce = bytesField(sh, 2, 'SignatureHeader.nonce');
    const identity = readFields(creator);
    const mspId = stringField(identity, 1, 'SerializedIdentity.mspid');
    const certificate = stringField(identity, 2, 'SerializedIdentity.id_bytes');
    if (mspId !== expected.mspId || normalPem(certificate) !== normalPem(expected.certificate)) {
      throw new SigningRefused(`the proposal is made out to ${mspId}'s certificate, not to this key holder's`);
    }
    if (nonce.length < 16) throw new SigningRefused('the proposal has no nonce');
    if (txId !== bytesToHex(sha256(concat(nonce, creator)))) throw new SigningRefused('the transaction id is not derived from the nonce and creator');

    const payload = bytesField(p, 2, 'Proposal.payload');
    const { chaincode, args } = invocationOf(readFields(payload));
    if (chaincode !== expected.chaincode || headerChaincode !== expected.chaincode) {
      throw new SigningRefused(`the proposal calls chaincode ${chaincode}, not ${expected.chaincode}`);
    }
    const want = [expected.fn, ...expected.args].map((a) => utf8ToBytes(a));
    if (args.length !== want.length || !args.every((a, i) => same(a, want[i]!))) {
      throw new SigningRefused(`the proposal does not call ${expected.fn} with the contents shown`);
    }
    return { channelHeader, signatureHeader, payload, chaincode };
  });
}

/**
 * Checks the transaction Payload (the envelope's payload) the gateway asks the holder to sign
 * after endorsement: it must be the checked proposal, endorsed. Throws SigningRefused.
 */
export function checkTransaction(payload: Uint8Array, proposal: CheckedProposal): void {
  reading('transaction', () => {
    const pl = readFields(payload);
    const header = messageField(pl, 1, 'Payload.header');
    if (!same(bytesField(header, 1, 'Header.channel_header'), proposal.channelHeader) || !same(bytesField(header, 2, 'Header.signature_header'), proposal.signatureHeader)) {
      throw new SigningRefused('the transaction\'s header is not the proposal\'s');
    }
    const actions = repeatedBytes(messageField(pl, 2, 'Payload.data'), 1, 'Transaction.actions');
    if (actions.length !== 1) throw new SigningRefused(`the transaction has ${actions.length} actions, not 1`);
    const action = readFields(actions[0]!);
    if (!same(bytesField(action, 1, 'TransactionAction.header'), proposal.signatureHeader)) throw new SigningRefused('the transaction\'s action has another creator');
    const cap = messageField(action, 2, 'TransactionAction.payload');
    const cpp = bytesField(cap, 1, 'ChaincodeActionPayload.chaincode_proposal_payload');
    if (!same(cpp, proposal.payload)) throw new SigningRefused('the transaction carries another invocation than the proposal');
    const endorsed = messageField(cap, 2, 'ChaincodeActionPayload.action');
    const prp = messageField(endorsed, 1, 'ChaincodeEndorsedAction.proposal_response_payload');
    const proposalHash = bytesField(prp, 1, 'ProposalResponsePayload.proposal_hash');
    if (!same(proposalHash, sha256(concat(proposal.channelHeader, proposal.signatureHeader, proposal.payload)))) {
      throw new SigningRefused('the endorsements are for another proposal');
    }
    const result = messageField(prp, 2, 'ProposalResponsePayload.extension');
    const chaincode = stringField(messageField(result, 4, 'ChaincodeAction.chaincode_id'), 2, 'ChaincodeID.name');
    if (chaincode !== proposal.chaincode) throw new SigningRefused(`the endorsed result comes from chaincode ${chaincode}`);
    const status = varintField(messageField(result, 3, 'ChaincodeAction.response'), 1, 'Response.status');
    if (status !== 200n) throw new SigningRefused(`the chaincode answered ${status}, not 200`);
  });
}

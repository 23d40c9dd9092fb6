/**
 * What Fabric's peer gateway returns from Endorse for a proposal, for tests that play the peer:
 * the transaction envelope's payload with one endorsed action (status 200, `result`), bound to
 * the proposal by its hash. `invocation` replaces the chaincode proposal payload (a peer that
 * endorses something else than it was asked to).
 */
import { createHash } from 'node:crypto';
import { common, peer } from '@hyperledger/fabric-protos';

const sha256 = (...parts: Uint8Array[]): Buffer => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

/** The envelope payload of `proposal` endorsed with `result` (what Fabric's gateway returns to sign). */
export function endorsedPayload(proposal: Uint8Array, result: Uint8Array, invocation?: Uint8Array): Uint8Array {
  const p = peer.Proposal.deserializeBinary(proposal);
  const header = common.Header.deserializeBinary(p.getHeader_asU8());
  const cpp = invocation ?? p.getPayload_asU8();
  const response = new peer.Response();
  response.setStatus(200);
  response.setPayload(result);
  const ccid = new peer.ChaincodeID();
  ccid.setName('ballot');
  const action = new peer.ChaincodeAction();
  action.setResponse(response);
  action.setChaincodeId(ccid);
  const prp = new peer.ProposalResponsePayload();
  prp.setProposalHash(sha256(header.getChannelHeader_asU8(), header.getSignatureHeader_asU8(), cpp));
  prp.setExtension$(action.serializeBinary());
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(prp.serializeBinary());
  const cap = new peer.ChaincodeActionPayload();
  cap.setChaincodeProposalPayload(cpp);
  cap.setAction(endorsed);
  const ta = new peer.TransactionAction();
  ta.setHeader(header.getSignatureHeader_asU8());
  ta.setPayload(cap.serializeBinary());
  const tx = new peer.Transaction();
  tx.setActionsList([ta]);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(tx.serializeBinary());
  return payload.serializeBinary();
}

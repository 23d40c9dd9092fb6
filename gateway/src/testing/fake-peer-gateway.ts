/**
 * A peer's Gateway gRPC service in-process (plain TCP on 127.0.0.1), for tests of code that
 * endorses and submits through @hyperledger/fabric-gateway without a network: Endorse answers
 * the signed proposal with the endorsed transaction (ledger-client testing/endorsed-payload),
 * Submit accepts the signed envelope. Both keep what they were sent, and check the signature over
 * the signed bytes with the certificate in the proposal's creator, as a peer does.
 */
import { createPublicKey, verify } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { common, gateway, msp, peer } from '@hyperledger/fabric-protos';
import { endorsedPayload } from '@ballotledger/ledger-client/testing/endorsed-payload';

export interface ReceivedProposal {
  readonly txId: string;
  readonly proposal: Uint8Array;
  readonly signature: Uint8Array;
}

export interface ReceivedTransaction {
  readonly txId: string;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array;
}

/** The creator certificate (PEM) of a Proposal or of an envelope Payload's header. */
function creatorOf(header: common.Header): string {
  const sig = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
  return Buffer.from(msp.SerializedIdentity.deserializeBinary(sig.getCreator_asU8()).getIdBytes_asU8()).toString('utf8');
}

function signedBy(header: common.Header, message: Uint8Array, signature: Uint8Array): boolean {
  return verify('sha256', message, createPublicKey(creatorOf(header)), signature);
}

export class FakePeerGateway {
  readonly proposals: ReceivedProposal[] = [];
  readonly transactions: ReceivedTransaction[] = [];
  /** The chaincode's answer to the next endorsements (JSON). */
  result: unknown = { ok: true };
  /** When set, Endorse fails with this gRPC status and message (a chaincode error, say). */
  endorseError: { code: grpc.status; message: string } | undefined;
  readonly #server = new grpc.Server();
  #port = 0;

  async start(): Promise<void> {
    this.#server.addService(gateway.GatewayService, {
      endorse: (call: grpc.ServerUnaryCall<gateway.EndorseRequest, gateway.EndorseResponse>, done: grpc.sendUnaryData<gateway.EndorseResponse>) => {
        const signed = call.request.getProposedTransaction()!;
        const proposal = signed.getProposalBytes_asU8();
        const header = common.Header.deserializeBinary(peer.Proposal.deserializeBinary(proposal).getHeader_asU8());
        if (!signedBy(header, proposal, signed.getSignature_asU8())) return done({ code: grpc.status.PERMISSION_DENIED, details: 'the proposal signature does not verify' });
        this.proposals.push({ txId: call.request.getTransactionId(), proposal, signature: signed.getSignature_asU8() });
        if (this.endorseError) return done({ code: this.endorseError.code, details: this.endorseError.message });
        const envelope = new common.Envelope();
        envelope.setPayload(endorsedPayload(proposal, Buffer.from(JSON.stringify(this.result))));
        const response = new gateway.EndorseResponse();
        response.setPreparedTransaction(envelope);
        return done(null, response);
      },
      submit: (call: grpc.ServerUnaryCall<gateway.SubmitRequest, gateway.SubmitResponse>, done: grpc.sendUnaryData<gateway.SubmitResponse>) => {
        const envelope = call.request.getPreparedTransaction()!;
        const payload = envelope.getPayload_asU8();
        if (!signedBy(common.Payload.deserializeBinary(payload).getHeader()!, payload, envelope.getSignature_asU8())) {
          return done({ code: grpc.status.PERMISSION_DENIED, details: 'the transaction signature does not verify' });
        }
        this.transactions.push({ txId: call.request.getTransactionId(), payload, signature: envelope.getSignature_asU8() });
        return done(null, new gateway.SubmitResponse());
      },
    });
    this.#port = await new Promise<number>((resolve, reject) =>
      this.#server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))));
  }

  /** A client of this fake peer (no TLS). */
  client(): grpc.Client {
    return new grpc.Client(`127.0.0.1:${this.#port}`, grpc.credentials.createInsecure());
  }

  stop(): void {
    this.#server.forceShutdown();
  }
}

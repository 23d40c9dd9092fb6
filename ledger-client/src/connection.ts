/** A gRPC connection to one peer's gateway service, with an identity and (optionally) a signer. */
import { createPrivateKey } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, type Gateway } from '@hyperledger/fabric-gateway';

export interface PeerEndpoint {
  /** host:port of the peer's gateway service. */
  readonly address: string;
  /** PEM of the CA that issued the peer's TLS certificate. */
  readonly tlsRootCert: Uint8Array | string;
  /** TLS server name to expect, when it differs from the host in `address`. */
  readonly hostnameOverride?: string;
}

export interface LedgerIdentity {
  readonly mspId: string;
  /** PEM enrollment certificate. */
  readonly certificate: Uint8Array | string;
  /**
   * PEM private key. Omit it for an identity that signs elsewhere (a key holder's browser): such a
   * connection can only be used with offline signing.
   */
  readonly privateKey?: Uint8Array | string;
}

export interface LedgerConnection {
  readonly gateway: Gateway;
  readonly identity: LedgerIdentity;
  close(): void;
}

export interface ConnectOptions {
  readonly peer: PeerEndpoint;
  readonly identity: LedgerIdentity;
  /** Deadline of an endorsement, ms (default 30 s). */
  readonly endorseTimeoutMs?: number;
  /** Deadline of waiting for a commit, ms (default 60 s). */
  readonly commitTimeoutMs?: number;
}

const bytes = (v: Uint8Array | string): Buffer => (typeof v === 'string' ? Buffer.from(v) : Buffer.from(v));

export function newPeerClient(peer: PeerEndpoint): grpc.Client {
  const credentials = grpc.credentials.createSsl(bytes(peer.tlsRootCert));
  const options: grpc.ClientOptions = peer.hostnameOverride ? { 'grpc.ssl_target_name_override': peer.hostnameOverride } : {};
  return new grpc.Client(peer.address, credentials, options);
}

export function connectLedger(options: ConnectOptions, client: grpc.Client = newPeerClient(options.peer)): LedgerConnection {
  const { identity } = options;
  const endorse = options.endorseTimeoutMs ?? 30_000;
  const commit = options.commitTimeoutMs ?? 60_000;
  const gateway = connect({
    client,
    identity: { mspId: identity.mspId, credentials: bytes(identity.certificate) },
    ...(identity.privateKey ? { signer: signers.newPrivateKeySigner(createPrivateKey(bytes(identity.privateKey))) } : {}),
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + 15_000 }),
    endorseOptions: () => ({ deadline: Date.now() + endorse }),
    submitOptions: () => ({ deadline: Date.now() + 15_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + commit }),
  });
  return {
    gateway,
    identity,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}

// @hyperledger/fabric-gateway connections built from the network profile.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, type Contract, type Gateway, type Network } from '@hyperledger/fabric-gateway';
import { identityProfile, loadNetworkProfile, orgProfile, type NetworkProfile } from './profile.js';

export interface GatewayConnection {
  readonly gateway: Gateway;
  readonly client: grpc.Client;
  readonly mspId: string;
  /** The peer this connection talks to (its gateway service). */
  readonly peerAddress: string;
  network(channel?: string): Network;
  contract(name?: string, channel?: string): Contract;
  close(): void;
}

export interface GatewayConnectionOptions {
  profile?: NetworkProfile;
  /** Connect to this org's peer instead of the identity's own org peer. */
  peerOrg?: string;
}

export function newGrpcClient(profile: NetworkProfile, peerOrg: string): grpc.Client {
  const peer = orgProfile(profile, peerOrg).peer;
  const credentials = grpc.credentials.createSsl(readFileSync(peer.tlsCaCertPath));
  return new grpc.Client(peer.address, credentials, { 'grpc.ssl_target_name_override': peer.hostname });
}

/**
 * Connects to `org`'s peer as identity `identityName` of that org (e.g. 'gateway', 'auditor',
 * 'orgadmin'). With one peer per org, evaluations run on exactly that peer.
 */
export function newGatewayConnection(org: string, identityName = 'gateway', options: GatewayConnectionOptions = {}): GatewayConnection {
  const profile = options.profile ?? loadNetworkProfile();
  const id = identityProfile(profile, org, identityName);
  if (!id.certPath || !id.keyPath) throw new Error(`${org}/${identityName} has no enrollment certificate`);
  const peerOrg = options.peerOrg ?? org;
  const client = newGrpcClient(profile, peerOrg);
  const gateway = connect({
    client,
    identity: { mspId: id.mspId, credentials: readFileSync(id.certPath) },
    signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(id.keyPath))),
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
  return {
    gateway, client, mspId: id.mspId, peerAddress: orgProfile(profile, peerOrg).peer.address,
    network: (channel = profile.channel) => gateway.getNetwork(channel),
    contract: (name = profile.chaincode.name, channel = profile.channel) => gateway.getNetwork(channel).getContract(name),
    close: () => { gateway.close(); client.close(); },
  };
}

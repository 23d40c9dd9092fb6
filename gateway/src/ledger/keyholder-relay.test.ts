// The key holders' relay against an in-process fake peer: login with a signed challenge and a
// certificate of the network's CAs with role=keyholder; propose → endorse → submit where the
// gateway only relays what the holder signed. The real-network flow is in
// integration/election-flow.integration.test.ts; this runs everywhere (CI without Fabric too).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, KeyObject, sign, webcrypto, X509Certificate } from 'node:crypto';
import { canonicalJson } from '@ballotledger/core';
import { connectLedger, type TransactionStatus } from '@ballotledger/ledger-client';
import { buildProfile, createTopology, identityProfile, type NetworkProfile } from '@ballotledger/test-network';
import { common, peer } from '@hyperledger/fabric-protos';
import 'reflect-metadata'; // @peculiar/x509 needs it (tsyringe)
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import { ApiError } from '../errors.js';
import { FakePeerGateway } from '../testing/fake-peer-gateway.js';
import type { FabricAccess } from './fabric-access.js';
import { KeyholderRelay, roleOf, type KeyholderIdentity } from './keyholder-relay.js';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

interface Ca { readonly keys: webcrypto.CryptoKeyPair; readonly cert: x509.X509Certificate }
interface Holder { readonly pem: string; readonly key: KeyObject }

async function newCa(name: string): Promise<Ca> {
  const keys = await webcrypto.subtle.generateKey(EC, false, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01', name: `CN=${name}`, keys, signingAlgorithm: EC,
    notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 365 * DAY),
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  return { keys, cert };
}

/** An enrollment certificate as fabric-ca issues it: attributes as JSON in extension 1.2.3.4.5.6.7.8.1. */
async function enroll(ca: Ca, cn: string, role: string, validDays = 30): Promise<Holder> {
  const keys = await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: createHash('sha256').update(cn).digest('hex').slice(0, 16), subject: `CN=${cn}`, issuer: ca.cert.subject,
    notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + validDays * DAY),
    signingAlgorithm: EC, publicKey: keys.publicKey, signingKey: ca.keys.privateKey,
    extensions: [new x509.Extension('1.2.3.4.5.6.7.8.1', false, Buffer.from(JSON.stringify({ attrs: { 'hf.EnrollmentID': cn, role } })))],
  });
  return { pem: cert.toString('pem'), key: KeyObject.from(keys.privateKey) };
}

const signBytes = (holder: Holder, message: Uint8Array): Buffer => sign('sha256', message, holder.key);
const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

function expectApiError(fn: () => unknown, code: string, message?: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err, String(err)).to.be.instanceOf(ApiError);
    expect((err as ApiError).code).to.equal(code);
    if (message) expect((err as ApiError).message).to.match(message);
    return;
  }
  expect.fail(`expected ${code}`);
}

async function expectRejected(p: Promise<unknown>, code: string): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    expect(err, String(err)).to.be.instanceOf(ApiError);
    expect((err as ApiError).code).to.equal(code);
    return err as ApiError;
  }
  return expect.fail(`expected ${code}`);
}

describe('key-holder relay (fake peer)', function () {
  this.timeout(20_000);
  let dir: string;
  let profile: NetworkProfile;
  let seoulCa: Ca;
  let holder: Holder;
  let fakePeer: FakePeerGateway;
  const statuses = new Map<string, TransactionStatus>();
  let relay: KeyholderRelay;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bl-relay-'));
    profile = buildProfile(createTopology({ stateDir: dir }), ['turnout', 'ballots']);
    const cas = new Map<string, Ca>();
    for (const o of profile.orgs) {
      const ca = await newCa(`ca.${o.name.toLowerCase()}`);
      cas.set(o.name, ca);
      const mspPath = identityProfile(profile, o.name, 'auditor').mspPath!;
      mkdirSync(join(mspPath, 'cacerts'), { recursive: true });
      writeFileSync(join(mspPath, 'cacerts', 'ca.pem'), ca.cert.toString('pem'));
    }
    seoulCa = cas.get('Seoul')!;
    holder = await enroll(seoulCa, 'keyholder3', 'keyholder');
    fakePeer = new FakePeerGateway();
    await fakePeer.start();
    const fabric = {
      profile,
      relay: (mspId: string, certificate: string) => connectLedger({ peer: { address: 'fake-peer', tlsRootCert: '' }, identity: { mspId, certificate } }, fakePeer.client()),
      auditor: { transactionStatus: (txId: string): Promise<TransactionStatus> => Promise.resolve(statuses.get(txId) ?? { code: null, blockNumber: null }) },
    };
    relay = new KeyholderRelay(fabric as unknown as FabricAccess);
  });

  after(() => {
    relay?.close();
    fakePeer?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function login(h: Holder = holder): KeyholderIdentity {
    const challenge = relay.challenge();
    return relay.login(challenge, h.pem, signBytes(h, Buffer.from(challenge)));
  }

  describe('login', () => {
    it('accepts a key holder certificate of one of the network\'s CAs that signed the challenge', () => {
      const id = login();
      expect(id).to.deep.include({ mspId: 'SeoulMSP', enrollmentId: 'keyholder3', certificate: holder.pem });
      expect(roleOf(new X509Certificate(holder.pem))).to.equal('keyholder');
    });

    it('refuses a challenge used twice, an unknown one and an expired one', () => {
      const challenge = relay.challenge();
      const sig = signBytes(holder, Buffer.from(challenge));
      relay.login(challenge, holder.pem, sig);
      expectApiError(() => relay.login(challenge, holder.pem, sig), 'Unauthorized', /unknown or expired/);
      expectApiError(() => relay.login('not-a-challenge', holder.pem, sig), 'Unauthorized', /unknown or expired/);
      const old = relay.challenge(Date.now() - 121_000);
      expectApiError(() => relay.login(old, holder.pem, signBytes(holder, Buffer.from(old))), 'Unauthorized', /unknown or expired/);
    });

    it('refuses a signature by another key, a certificate of a foreign CA, an expired certificate, and a certificate whose role is not keyholder', async () => {
      const other = await enroll(seoulCa, 'keyholder9', 'keyholder');
      let c = relay.challenge();
      expectApiError(() => relay.login(c, holder.pem, signBytes(other, Buffer.from(c))), 'Unauthorized', /signature does not verify/);
      const foreign = await enroll(await newCa('ca.seoul'), 'keyholder3', 'keyholder'); // same names, another key
      c = relay.challenge();
      expectApiError(() => relay.login(c, foreign.pem, signBytes(foreign, Buffer.from(c))), 'Unauthorized', /not issued by a CA of this network/);
      const expired = await enroll(seoulCa, 'keyholder4', 'keyholder', -1);
      c = relay.challenge();
      expectApiError(() => relay.login(c, expired.pem, signBytes(expired, Buffer.from(c))), 'Unauthorized', /not valid now/);
      const admin = await enroll(seoulCa, 'electionadmin', 'admin');
      c = relay.challenge();
      expectApiError(() => relay.login(c, admin.pem, signBytes(admin, Buffer.from(c))), 'Forbidden', /not belong to a key holder/);
      c = relay.challenge();
      expectApiError(() => relay.login(c, 'not a certificate', signBytes(holder, Buffer.from(c))), 'Unauthorized', /not a certificate/);
    });
  });

  describe('propose → endorse → submit', () => {
    const payload = { holderIndex: 3, commitments: ['aa', 'bb'], proof: { c: '01', s: '02' } };

    it('relays exactly what the holder signed: the proposal it showed, then that proposal endorsed; the peer gets the holder\'s signatures', async () => {
      const id = login();
      const p = relay.propose('session-1', id, 'e-2026', 'PostCeremonyRound1', payload);
      const proposal = peer.Proposal.deserializeBinary(b64(p.proposal));
      const spec = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
      const input = peer.ChaincodeInvocationSpec.deserializeBinary(spec.getInput_asU8()).getChaincodeSpec()!;
      expect(input.getChaincodeId()!.getName()).to.equal('ballot');
      expect(input.getInput()!.getArgsList_asU8().map((a) => Buffer.from(a).toString())).to.deep.equal(['PostCeremonyRound1', 'e-2026', canonicalJson(payload)]);
      const channelHeader = common.ChannelHeader.deserializeBinary(common.Header.deserializeBinary(proposal.getHeader_asU8()).getChannelHeader_asU8());
      expect(channelHeader.getTxId()).to.equal(p.txId);

      fakePeer.result = { round: 1, holders: 1 };
      const e = await relay.endorse('session-1', p.id, signBytes(holder, b64(p.proposal)));
      expect(e.result).to.deep.equal({ round: 1, holders: 1 });
      const sent = fakePeer.proposals.at(-1)!;
      expect(Buffer.from(sent.proposal).equals(b64(p.proposal)), 'the peer got the proposal the holder signed').to.equal(true);
      const txPayload = common.Payload.deserializeBinary(b64(e.transaction));
      expect(common.ChannelHeader.deserializeBinary(txPayload.getHeader()!.getChannelHeader_asU8()).getTxId()).to.equal(p.txId);

      statuses.set(p.txId, { code: 'VALID', blockNumber: 42 });
      const s = await relay.submit('session-1', p.id, signBytes(holder, b64(e.transaction)));
      expect(s).to.deep.equal({ txId: p.txId, blockNumber: 42, status: 'VALID' });
      const tx = fakePeer.transactions.at(-1)!;
      expect(Buffer.from(tx.payload).equals(b64(e.transaction)), 'the orderers got the transaction the holder signed').to.equal(true);
      await expectRejected(relay.submit('session-1', p.id, signBytes(holder, b64(e.transaction))), 'NotFound'); // done: gone
    });

    it('a signature over other bytes is refused by the peer: not recorded, and the transaction is dropped', async () => {
      const p = relay.propose('session-1', login(), 'e-2026', 'PostCeremonyRound1', payload);
      const before = fakePeer.proposals.length;
      await expectRejected(relay.endorse('session-1', p.id, signBytes(holder, Buffer.from('something else'))), 'NotRecorded');
      expect(fakePeer.proposals).to.have.length(before);
      await expectRejected(relay.submit('session-1', p.id, Buffer.alloc(64)), 'NotFound'); // dropped after the failure
    });

    it('a transaction belongs to the session that proposed it, must be endorsed before it is submitted, and expires', async () => {
      const id = login();
      const p = relay.propose('session-1', id, 'e-2026', 'PostCeremonyRound2', payload);
      await expectRejected(relay.endorse('session-2', p.id, signBytes(holder, b64(p.proposal))), 'NotFound');
      await expectRejected(relay.submit('session-1', p.id, signBytes(holder, b64(p.proposal))), 'WrongState');
      const later = relay.propose('session-1', id, 'e-2026', 'PostCeremonyRound2', payload, Date.now() + 301_000); // sweeps the first
      await expectRejected(relay.endorse('session-1', p.id, signBytes(holder, b64(p.proposal))), 'NotFound');
      expect(later.txId).to.not.equal(p.txId);
    });

    it('a chaincode refusal at endorsement is the answer, and a transaction the peers invalidated is "not recorded"', async () => {
      const id = login();
      const p = relay.propose('session-1', id, 'e-2026', 'SubmitDecryptionShare', payload);
      fakePeer.endorseError = { code: 10, message: 'chaincode response 500, [WrongState] the election is not closed' };
      try {
        const err = await expectRejected(relay.endorse('session-1', p.id, signBytes(holder, b64(p.proposal))), 'WrongState');
        expect(err.message).to.match(/not closed/);
      } finally {
        fakePeer.endorseError = undefined;
      }
      const q = relay.propose('session-1', id, 'e-2026', 'SubmitDecryptionShare', payload);
      const e = await relay.endorse('session-1', q.id, signBytes(holder, b64(q.proposal)));
      statuses.set(q.txId, { code: 'MVCC_READ_CONFLICT', blockNumber: 43 });
      const err = await expectRejected(relay.submit('session-1', q.id, signBytes(holder, b64(e.transaction))), 'NotRecorded');
      expect(err.message).to.include('MVCC_READ_CONFLICT');
    });
  });
});

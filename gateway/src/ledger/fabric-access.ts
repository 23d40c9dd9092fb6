/**
 * The gateway's connections to its organization's peer, one per role it acts in:
 * `gateway` (voters' casts), `electionadmin` (the commission's admin transactions on behalf of
 * logged-in staff), `auditor` (reads and ledger comparison). Identities come from the wallet,
 * enrolled from the org's CA at first start. Key holders sign their own transactions; for them
 * the gateway opens certificate-only connections (no key) and relays.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { BallotLedger, connectLedger, type LedgerConnection, type LedgerOrgs, type PeerEndpoint } from '@ballotledger/ledger-client';
import { loadNetworkProfile, orgProfile, type NetworkProfile, type OrgProfile } from '@ballotledger/test-network';
import type { Logger } from '../logger.js';
import { Wallet, type WalletIdentity } from './wallet.js';
import { caServices, reachCa } from './ca-services.js';
import { User } from 'fabric-common';
import { randomBytes } from 'node:crypto';
import { Counter } from 'prom-client';

export const GATEWAY_IDENTITIES = ['gateway', 'electionadmin', 'auditor'] as const;

export interface FabricAccess {
  readonly profile: NetworkProfile;
  readonly org: OrgProfile;
  readonly orgs: LedgerOrgs;
  /** Casts ballots (role=gateway). */
  readonly gateway: BallotLedger;
  /** The commission's admin transactions (role=admin). */
  readonly admin: BallotLedger;
  /** Reads, record export (role=auditor). */
  readonly auditor: BallotLedger;
  readonly auditorIdentity: WalletIdentity;
  /** The endpoint of an organization's peer (for the cross-node comparison). */
  peerOf(org: OrgProfile): PeerEndpoint;
  /** Endorsements raced because an endorser set stayed silent (register on the app's metrics). */
  readonly endorsementRaces: Counter<'silent'>;
  /** A connection for a key holder's certificate without a key: offline signing only. */
  relay(mspId: string, certificate: string): LedgerConnection;
  /**
   * The Fabric identity of an approved organization's admins (`org-<id>`, role=orgadmin,
   * org=<id>), registered at this commission's CA on first use and kept in the wallet; the
   * chaincode checks that organization on every transaction it submits.
   */
  organizationLedger(organizationId: string): Promise<BallotLedger>;
  close(): void;
}

export function peerEndpoint(org: OrgProfile): PeerEndpoint {
  return { address: org.peer.address, tlsRootCert: readFileSync(org.peer.tlsCaCertPath), hostnameOverride: org.peer.hostname };
}

/** Loads the profile, enrolls missing identities into the wallet and connects. */
export async function connectFabric(options: { profilePath: string; org: string; walletDir: string }, log: Logger): Promise<FabricAccess> {
  const profile = loadNetworkProfile(options.profilePath);
  const org = orgProfile(profile, options.org);
  const wallet = new Wallet(options.walletDir);
  const secrets = (): Record<string, string> => JSON.parse(readFileSync(org.ca.secretsFile, 'utf8')) as Record<string, string>;
  const ca = { url: org.ca.url, caName: org.ca.caName, tlsCaCert: readFileSync(org.ca.tlsCaCertPath) };
  const identities = new Map<string, WalletIdentity>();
  for (const name of GATEWAY_IDENTITIES) {
    const enrolledBefore = wallet.get(name) !== undefined;
    identities.set(name, await wallet.ensure(name, org.mspId, ca, () => {
      const secret = secrets()[name];
      if (!secret) throw new Error(`no enrollment secret for ${name} at ${org.name}'s CA`);
      return secret;
    }));
    if (!enrolledBefore) log.info({ identity: name, org: org.name }, 'enrolled gateway identity into the wallet');
  }
  const peer = peerEndpoint(org);
  const commissions = profile.orgs.filter((o) => o.kind === 'commission').map((o) => o.mspId);
  const observer = profile.orgs.find((o) => o.kind !== 'commission')?.mspId ?? 'ObserverMSP';
  const orgs: LedgerOrgs = { own: org.mspId, commissions, observer };
  const connections: LedgerConnection[] = [];
  const endorsementRaces = new Counter({
    name: 'ballotledger_endorsement_races_total',
    help: 'Endorsements that went unanswered so long that the other endorser sets were started beside them (a silent peer)',
    labelNames: ['silent'] as const,
    registers: [],
  });
  const onEndorsementRace = (silent: readonly string[], afterMs: number): void => {
    endorsementRaces.inc({ silent: silent.join(',') });
    log.warn({ silent, afterMs }, 'an endorsement went unanswered: the other endorser sets were started beside it (is one of these peers silent?)');
  };
  const ledger = (name: string): BallotLedger => {
    const id = identities.get(name)!;
    const connection = connectLedger({ peer, identity: id });
    connections.push(connection);
    return new BallotLedger(connection, { channel: profile.channel, chaincode: profile.chaincode.name, orgs, onEndorsementRace });
  };
  const organizationLedgers = new Map<string, Promise<BallotLedger>>();
  const organizationLedger = (organizationId: string): Promise<BallotLedger> => {
    let p = organizationLedgers.get(organizationId);
    if (!p) {
      p = (async () => {
        const name = `org-${organizationId}`;
        if (!wallet.get(name)) await reachCa(org.ca.caName, async () => {
          const services = caServices(ca);
          const registrarSecret = secrets()[org.ca.registrar.enrollId];
          if (!registrarSecret) throw new Error(`no registrar secret for ${org.name}'s CA`);
          const r = await services.enroll({ enrollmentID: org.ca.registrar.enrollId, enrollmentSecret: registrarSecret });
          const registrar = User.createUser(org.ca.registrar.enrollId, '', org.mspId, r.certificate, r.key.toBytes());
          const secret = randomBytes(24).toString('base64url');
          const attrs = [{ name: 'role', value: 'orgadmin', ecert: true }, { name: 'org', value: organizationId, ecert: true }];
          try {
            await services.register({ enrollmentID: name, enrollmentSecret: secret, role: 'client', affiliation: '', maxEnrollments: -1, attrs }, registrar);
          } catch (err) {
            if (!/already registered/i.test((err as Error).message)) throw err;
            // registered before, but this wallet lost it: give the identity a new secret
            await services.newIdentityService().update(name, { enrollmentID: name, enrollmentSecret: secret, type: 'client', affiliation: '', maxEnrollments: -1, attrs }, registrar);
          }
          await wallet.ensure(name, org.mspId, ca, () => secret);
          log.info({ identity: name, org: org.name }, 'registered and enrolled an organization admin identity');
        });
        identities.set(name, wallet.get(name)!);
        return ledger(name);
      })();
      p.catch(() => organizationLedgers.delete(organizationId));
      organizationLedgers.set(organizationId, p);
    }
    return p;
  };
  return {
    profile,
    org,
    orgs,
    organizationLedger,
    gateway: ledger('gateway'),
    admin: ledger('electionadmin'),
    auditor: ledger('auditor'),
    auditorIdentity: identities.get('auditor')!,
    peerOf: peerEndpoint,
    relay: (mspId, certificate) => connectLedger({ peer, identity: { mspId, certificate } }),
    endorsementRaces,
    close: () => connections.forEach((c) => c.close()),
  };
}

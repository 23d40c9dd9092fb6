/**
 * The gateway's wallet: its own Fabric identities (certificate + private key), enrolled at first
 * start from its organization's CA with fabric-ca-client and kept as files of mode 0600.
 *
 * @module
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { caServices, type CaEndpoint } from './ca-services.js';

export interface WalletIdentity {
  readonly mspId: string;
  readonly certificate: string;
  readonly privateKey: string;
}

export class Wallet {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  #path(name: string): string {
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new Error(`bad identity name ${name}`);
    return join(this.dir, `${name}.id.json`);
  }

  get(name: string): WalletIdentity | undefined {
    const path = this.#path(name);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as WalletIdentity) : undefined;
  }

  put(name: string, identity: WalletIdentity): void {
    const path = this.#path(name);
    writeFileSync(path, JSON.stringify(identity), { mode: 0o600 });
    chmodSync(path, 0o600);
  }

  /** The identity, enrolling it first (with `secret`) if the wallet does not have it yet. */
  async ensure(name: string, mspId: string, ca: CaEndpoint, secret: () => string): Promise<WalletIdentity> {
    const existing = this.get(name);
    if (existing) return existing;
    const enrollment = await caServices(ca).enroll({ enrollmentID: name, enrollmentSecret: secret() });
    const identity: WalletIdentity = { mspId, certificate: enrollment.certificate, privateKey: enrollment.key.toBytes() };
    this.put(name, identity);
    return identity;
  }
}

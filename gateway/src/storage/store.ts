/**
 * The gateway's local store: one SQLite file, one object with a repository per concern.
 *
 * @module
 */
import { join } from 'node:path';
import { ApplicationRepo } from './applications.js';
import { AttemptRepo } from './attempts.js';
import { CastRepo } from './casts.js';
import { CredentialRepo } from './credentials.js';
import { ElectionRepo } from './elections.js';
import { TurnoutRepo } from './turnout.js';
import { CaptchaRepo } from './captcha.js';
import { Database } from './database.js';
import { IdentityRepo } from './identity.js';
import { KvRepo } from './kv.js';
import { LinkRepo } from './links.js';
import { OutboxRepo } from './outbox.js';
import { PhotoRepo } from './photos.js';
import { PiiCipher } from './pii.js';
import { SessionRepo } from './sessions.js';
import { StaffRepo } from './staff.js';
import { VoterRepo } from './voters.js';

export interface StoreOptions {
  /** A file path, or `:memory:` (tests). */
  readonly path: string;
  /** 32-byte key sealing PII at rest. */
  readonly piiKey: Buffer;
  readonly busyTimeoutMs?: number;
}

export interface PurgeReport {
  readonly electionId: string;
  readonly voters: number;
  readonly links: number;
  readonly messages: number;
}

export class Store {
  readonly db: Database;
  readonly staff: StaffRepo;
  readonly sessions: SessionRepo;
  readonly voters: VoterRepo;
  readonly links: LinkRepo;
  readonly attempts: AttemptRepo;
  readonly outbox: OutboxRepo;
  readonly identity: IdentityRepo;
  readonly captcha: CaptchaRepo;
  readonly photos: PhotoRepo;
  readonly kv: KvRepo;
  readonly elections: ElectionRepo;
  readonly credentials: CredentialRepo;
  readonly casts: CastRepo;
  readonly turnout: TurnoutRepo;
  readonly applications: ApplicationRepo;

  constructor(options: StoreOptions) {
    this.db = new Database(options.path, options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs });
    this.db.migrate();
    const pii = new PiiCipher(options.piiKey);
    this.staff = new StaffRepo(this.db, pii);
    this.sessions = new SessionRepo(this.db);
    this.voters = new VoterRepo(this.db, pii);
    this.links = new LinkRepo(this.db);
    this.attempts = new AttemptRepo(this.db);
    this.outbox = new OutboxRepo(this.db, pii);
    this.identity = new IdentityRepo(this.db);
    this.captcha = new CaptchaRepo(this.db);
    this.photos = new PhotoRepo(this.db);
    this.kv = new KvRepo(this.db);
    this.elections = new ElectionRepo(this.db, pii);
    this.credentials = new CredentialRepo(this.db, pii);
    this.casts = new CastRepo(this.db);
    this.turnout = new TurnoutRepo(this.db);
    this.applications = new ApplicationRepo(this.db, pii);
  }

  /**
   * Purges the voter PII of one election whose retention period is over (`rolls.purge_after`):
   * voter rows, their link tokens, sessions and pending identity challenges, and the recipients
   * and bodies of their messages. Counts, hashes, delivery status and the identity-check log
   * (which holds no PII) stay for the fee statement. Undefined when the election is not due (or
   * already purged). The retention job calls it once the ledger's turnout flags are purged.
   */
  purgePii(electionId: string, now = Date.now()): PurgeReport | undefined {
    if (!this.voters.duePurge(now).includes(electionId)) return undefined;
    return this.db.tx(() => {
      const links = this.links.deleteForElection(electionId);
      this.db.run('DELETE FROM sessions WHERE election_id = ?', electionId);
      this.identity.deleteForElection(electionId);
      const messages = this.outbox.purge(electionId);
      this.credentials.purgeSecrets(electionId);
      const voters = this.voters.purge(electionId, now);
      return { electionId, voters, links, messages };
    });
  }

  /** Housekeeping of short-lived rows (expired sessions, challenges, stale counters). */
  sweep(now = Date.now()): void {
    this.sessions.deleteExpired(now);
    this.captcha.deleteExpired(now);
    this.identity.deleteExpired(now);
    this.attempts.prune(now - 7 * 86_400_000, now);
  }

  close(): void {
    this.db.close();
  }
}

/** Opens (creating and migrating) the store at `<dataDir>/gateway.sqlite`. */
export function openStore(dataDir: string, piiKey: Buffer): Store {
  return new Store({ path: join(dataDir, 'gateway.sqlite'), piiKey });
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { issueLink } from '../security/links.js';
import { VOTERS } from '../testing/harness.js';
import { Database } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { PiiCipher } from './pii.js';
import { Store } from './store.js';

const newStore = (path = ':memory:'): Store => new Store({ path, piiKey: randomBytes(32) });

describe('store', () => {
  it('opens a file in WAL mode with a busy timeout, and migrations are idempotent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bl-store-'));
    const file = join(dir, 'g.sqlite');
    const s = newStore(file);
    expect(s.db.get<{ journal_mode: string }>('PRAGMA journal_mode')?.journal_mode).to.equal('wal');
    expect(s.db.get<{ timeout: number }>('PRAGMA busy_timeout')?.timeout).to.equal(5000);
    s.close();
    const db = new Database(file);
    expect(db.migrate()).to.equal(MIGRATIONS.length);
    expect(db.all('SELECT * FROM schema_migrations')).to.have.length(MIGRATIONS.length);
    db.backupTo(join(dir, 'backup.sqlite'));
    db.close();
    const copy = new Database(join(dir, 'backup.sqlite'));
    expect(copy.get<{ n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'voters'")?.n).to.equal(1);
    copy.close();
  });

  it('seals voter PII at rest, bound to its row', () => {
    const s = newStore();
    s.voters.replaceRoll('e1', VOTERS, 'x');
    const raw = JSON.stringify(s.db.all('SELECT * FROM voters'), (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    for (const v of VOTERS) {
      expect(raw).not.to.include(v.name);
      expect(raw).not.to.include(v.birthDate);
      if (v.phone !== null) expect(raw).not.to.include(v.phone);
    }
    expect(s.voters.get('e1', 'v1')).to.deep.include({ name: '홍길동', phone: '010-1234-5678' });
    const pii = new PiiCipher(randomBytes(32));
    const sealed = pii.seal('010-1234-5678', 'voters:e1:v1:phone');
    expect(() => pii.open(sealed, 'voters:e1:v2:phone')).to.throw();
  });

  it('a roll import is all or nothing and refused once frozen', () => {
    const s = newStore();
    s.voters.replaceRoll('e1', VOTERS, 'a');
    expect(() => s.voters.replaceRoll('e1', [...VOTERS, VOTERS[0]!], 'b')).to.throw(); // duplicate id
    expect(s.voters.count('e1')).to.equal(3);
    expect(s.voters.roll('e1')?.sourceSha256).to.equal('a');
    s.voters.freeze('e1');
    expect(() => s.voters.replaceRoll('e1', VOTERS, 'c')).to.throw(/frozen/);
  });

  it('kv: atomic update and compare-and-set', () => {
    const s = newStore();
    expect(s.kv.get('cp')).to.equal(undefined);
    s.kv.update<number>('cp', (n) => (n ?? 0) + 5);
    const e = s.kv.update<number>('cp', (n) => (n ?? 0) + 1);
    expect(e).to.deep.include({ value: 6, version: 2 });
    expect(s.kv.compareAndSet('cp', 1, 100)).to.equal(false);
    expect(s.kv.compareAndSet('cp', 2, 100)).to.equal(true);
    expect(s.kv.get<number>('cp')?.value).to.equal(100);
    expect(s.kv.compareAndSet('new', 0, { block: 7 })).to.equal(true);
    expect(() => s.kv.update('cp', () => { throw new Error('no'); })).to.throw('no');
    expect(s.kv.get<number>('cp')?.version).to.equal(3); // the failed update rolled back
  });

  it('purges PII after the retention period and keeps what the fee statement needs', async () => {
    const s = newStore();
    s.voters.replaceRoll('e1', VOTERS, 'a');
    s.voters.replaceRoll('e2', VOTERS, 'b');
    issueLink(s.links, 'https://x', 'e1', 'v1');
    s.outbox.add({ electionId: 'e1', voterId: 'v1', kind: 'invitation', channel: 'sms', recipient: '010-1234-5678', recipientHint: '010-****-5678', subject: null, body: 'link https://x/v/t', bytes: 20, provider: 'dev-outbox', costTenths: 121 });
    s.identity.log('e1', 'birthdate', 'success');
    const now = Date.now();
    s.voters.setPurgeAfter('e1', now - 1);
    s.voters.setPurgeAfter('e2', now + 7 * 86_400_000);
    expect(s.purgePii('e2', now)).to.equal(undefined); // not due
    expect(s.purgePii('e1', now)).to.deep.equal({ electionId: 'e1', voters: 3, links: 1, messages: 1 });
    expect(s.voters.count('e1')).to.equal(0);
    expect(s.voters.count('e2')).to.equal(3);
    const m = s.outbox.list({ electionId: 'e1' })[0];
    expect(m).to.deep.include({ recipient: null, body: null, voterId: null, recipientHint: '010-****-5678', costTenths: 121 });
    expect(s.identity.summary('e1')).to.have.length(1);
    expect(s.voters.roll('e1')?.purgedAt).to.be.a('number');
    expect(s.purgePii('e1', now)).to.equal(undefined); // idempotent
  });
});

/**
 * Applications of client organizations at this commission: what the organization told us (its
 * contact person sealed as PII), the documents it uploaded (kept here, only their hashes go to
 * the ledger), and the status mirrored from the ledger's decisions.
 *
 * @module
 */
import type { Database } from './database.js';
import type { PiiCipher } from './pii.js';

export type LocalApplicationStatus = 'draft' | 'submitted' | 'changes-requested' | 'approved' | 'rejected';

export interface ApplicationContact {
  readonly name: string;
  readonly phone: string;
  readonly email: string;
}

export interface PlannedElection {
  readonly title: string;
  readonly date: string;
  readonly expectedVoters: number;
}

export interface LocalApplication {
  readonly ref: string;
  readonly accessHash: string;
  readonly organizationId: string;
  readonly organizationName: string;
  readonly organizationType: string;
  readonly region: string;
  readonly contact: ApplicationContact;
  readonly planned: PlannedElection;
  readonly status: LocalApplicationStatus;
  readonly decisionReason: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What an applicant may correct while the application is a draft or changes were requested. */
export type ApplicationDetails = Pick<LocalApplication, 'organizationName' | 'organizationType' | 'contact' | 'planned'>;

export interface ApplicationDocument {
  readonly sha256: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  readonly uploadedAt: number;
}

interface Row {
  [k: string]: unknown;
  ref: string;
  access_hash: string;
  organization_id: string;
  organization_name: string;
  organization_type: string;
  region: string;
  contact_enc: Uint8Array;
  planned_json: string;
  status: LocalApplicationStatus;
  decision_reason: string | null;
  created_at: number;
  updated_at: number;
}

export class ApplicationRepo {
  readonly #db: Database;
  readonly #pii: PiiCipher;
  constructor(db: Database, pii: PiiCipher) {
    this.#db = db;
    this.#pii = pii;
  }

  create(a: Omit<LocalApplication, 'status' | 'decisionReason' | 'createdAt' | 'updatedAt'>, now = Date.now()): LocalApplication {
    this.#db.run(
      `INSERT INTO applications (ref, access_hash, organization_id, organization_name, organization_type, region, contact_enc, planned_json, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)`,
      a.ref,
      a.accessHash,
      a.organizationId,
      a.organizationName,
      a.organizationType,
      a.region,
      this.#pii.seal(JSON.stringify(a.contact), `applications:${a.ref}:contact`),
      JSON.stringify(a.planned),
      now,
      now,
    );
    return this.get(a.ref)!;
  }

  get(ref: string): LocalApplication | undefined {
    const r = this.#db.get<Row>('SELECT * FROM applications WHERE ref = ?', ref);
    return r === undefined ? undefined : this.#toApplication(r);
  }

  list(): LocalApplication[] {
    return this.#db.all<Row>('SELECT * FROM applications ORDER BY created_at DESC').map((r) => this.#toApplication(r));
  }

  /** The applicant's corrections (the organization id and the region, which route it, stay). */
  updateDetails(ref: string, d: ApplicationDetails, now = Date.now()): void {
    this.#db.run(
      'UPDATE applications SET organization_name = ?, organization_type = ?, contact_enc = ?, planned_json = ?, updated_at = ? WHERE ref = ?',
      d.organizationName,
      d.organizationType,
      this.#pii.seal(JSON.stringify(d.contact), `applications:${ref}:contact`),
      JSON.stringify(d.planned),
      now,
      ref,
    );
  }

  setStatus(ref: string, status: LocalApplicationStatus, reason: string | null, now = Date.now()): void {
    this.#db.run('UPDATE applications SET status = ?, decision_reason = ?, updated_at = ? WHERE ref = ?', status, reason, now, ref);
  }

  /** Deletes drafts (never submitted) last changed before `before`, with their documents; returns how many. */
  deleteDraftsBefore(before: number): number {
    return this.#db.tx(() => {
      this.#db.run("DELETE FROM application_documents WHERE ref IN (SELECT ref FROM applications WHERE status = 'draft' AND updated_at < ?)", before);
      return this.#db.run("DELETE FROM applications WHERE status = 'draft' AND updated_at < ?", before).changes;
    });
  }

  addDocument(ref: string, doc: Omit<ApplicationDocument, 'uploadedAt'>, bytes: Buffer, now = Date.now()): void {
    this.#db.run(
      'INSERT OR IGNORE INTO application_documents (ref, sha256, filename, content_type, size, bytes, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ref,
      doc.sha256,
      doc.filename,
      doc.contentType,
      doc.size,
      bytes,
      now,
    );
  }

  documents(ref: string): ApplicationDocument[] {
    return this.#db
      .all<{ sha256: string; filename: string; content_type: string; size: number; uploaded_at: number }>(
        'SELECT sha256, filename, content_type, size, uploaded_at FROM application_documents WHERE ref = ? ORDER BY uploaded_at',
        ref,
      )
      .map((d) => ({ sha256: d.sha256, filename: d.filename, contentType: d.content_type, size: d.size, uploadedAt: d.uploaded_at }));
  }

  document(ref: string, sha256: string): { doc: ApplicationDocument; bytes: Buffer } | undefined {
    const d = this.#db.get<{ sha256: string; filename: string; content_type: string; size: number; uploaded_at: number; bytes: Uint8Array }>(
      'SELECT * FROM application_documents WHERE ref = ? AND sha256 = ?',
      ref,
      sha256,
    );
    return d === undefined ? undefined : { doc: { sha256: d.sha256, filename: d.filename, contentType: d.content_type, size: d.size, uploadedAt: d.uploaded_at }, bytes: Buffer.from(d.bytes) };
  }

  #toApplication(r: Row): LocalApplication {
    return {
      ref: r.ref,
      accessHash: r.access_hash,
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      organizationType: r.organization_type,
      region: r.region,
      contact: JSON.parse(this.#pii.open(r.contact_enc, `applications:${r.ref}:contact`)) as ApplicationContact,
      planned: JSON.parse(r.planned_json) as PlannedElection,
      status: r.status,
      decisionReason: r.decision_reason,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }
}

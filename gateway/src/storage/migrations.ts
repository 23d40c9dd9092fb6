/**
 * Forward-only schema migrations. Append; never edit a migration that has shipped.
 * Times are epoch milliseconds (INTEGER). Columns ending in `_enc` hold AES-256-GCM sealed PII
 * (see pii.ts); columns ending in `_hash` hold SHA-256 hex of a secret, never the secret.
 *
 * @module
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: initial schema */ `
CREATE TABLE staff_users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'orgadmin', 'keyholder', 'auditor')),
  org_id        TEXT,
  display_name  TEXT,
  created_at    INTEGER NOT NULL,
  disabled_at   INTEGER
);

CREATE TABLE sessions (
  id_hash      TEXT PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('staff', 'voter')),
  user_id      TEXT REFERENCES staff_users(id) ON DELETE CASCADE,
  election_id  TEXT,
  voter_id     TEXT,
  link_hash    TEXT,
  stage        TEXT NOT NULL,
  csrf_token   TEXT NOT NULL,
  data         TEXT NOT NULL DEFAULT '{}',
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_voter ON sessions (election_id, voter_id);

CREATE TABLE rolls (
  election_id   TEXT PRIMARY KEY,
  voter_count   INTEGER NOT NULL,
  source_sha256 TEXT NOT NULL,
  imported_at   INTEGER NOT NULL,
  frozen_at     INTEGER,
  purge_after   INTEGER,
  purged_at     INTEGER
);

CREATE TABLE voters (
  election_id    TEXT NOT NULL REFERENCES rolls (election_id) ON DELETE CASCADE,
  voter_id       TEXT NOT NULL,
  name_enc       BLOB,
  birth_date_enc BLOB,
  phone_enc      BLOB,
  email_enc      BLOB,
  voter_group    TEXT,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  PRIMARY KEY (election_id, voter_id)
);

CREATE TABLE roll_edits (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  election_id TEXT NOT NULL,
  voter_id    TEXT NOT NULL,
  fields      TEXT NOT NULL,
  actor       TEXT NOT NULL,
  at          INTEGER NOT NULL
);

CREATE TABLE link_tokens (
  token_hash  TEXT PRIMARY KEY,
  election_id TEXT NOT NULL,
  voter_id    TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER,
  revoked_at  INTEGER
);
CREATE INDEX link_tokens_voter ON link_tokens (election_id, voter_id);

CREATE TABLE attempts (
  key             TEXT PRIMARY KEY,
  failures        INTEGER NOT NULL,
  window_start    INTEGER NOT NULL,
  last_failure_at INTEGER NOT NULL,
  locked_until    INTEGER NOT NULL DEFAULT 0,
  lockouts        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE outbox (
  id                  TEXT PRIMARY KEY,
  election_id         TEXT,
  voter_id            TEXT,
  kind                TEXT NOT NULL,
  channel             TEXT NOT NULL CHECK (channel IN ('sms', 'lms', 'email')),
  recipient_enc       BLOB,
  recipient_hint      TEXT NOT NULL,
  subject_enc         BLOB,
  body_enc            BLOB,
  bytes               INTEGER NOT NULL,
  provider            TEXT NOT NULL,
  provider_message_id TEXT,
  status              TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'delivered', 'failed')),
  error               TEXT,
  cost_tenths         INTEGER NOT NULL,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE INDEX outbox_election ON outbox (election_id, kind);
CREATE UNIQUE INDEX outbox_provider_message ON outbox (provider, provider_message_id);

CREATE TABLE identity_checks (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  election_id TEXT NOT NULL,
  method      TEXT NOT NULL,
  outcome     TEXT NOT NULL CHECK (outcome IN ('success', 'failure', 'locked', 'expired', 'error')),
  at          INTEGER NOT NULL
);
CREATE INDEX identity_checks_election ON identity_checks (election_id, method);

CREATE TABLE identity_challenges (
  id           TEXT PRIMARY KEY,
  election_id  TEXT NOT NULL,
  voter_id     TEXT NOT NULL,
  method       TEXT NOT NULL,
  secret_hash  TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  consumed_at  INTEGER
);

CREATE TABLE captcha_challenges (
  id              TEXT PRIMARY KEY,
  session_hash    TEXT,
  answer_hash     TEXT NOT NULL,
  alt_answer_hash TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  expires_at      INTEGER NOT NULL,
  used_at         INTEGER
);

CREATE TABLE photos (
  sha256       TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  data         BLOB NOT NULL,
  created_at   INTEGER NOT NULL
);

CREATE TABLE kv (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  version    INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
`,
  /* 2: ledger-backed elections: local election data, credentials, casting, turnout projection */ `
CREATE TABLE elections (
  election_id     TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL,
  managing_msp    TEXT NOT NULL,
  input_json      TEXT NOT NULL,
  info_json       TEXT NOT NULL,
  roll_key_enc    BLOB NOT NULL,
  created_by      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
);

CREATE TABLE credentials (
  election_id  TEXT NOT NULL,
  voter_id     TEXT NOT NULL,
  credential   TEXT NOT NULL,
  pseudonym    TEXT NOT NULL,
  secret_enc   BLOB,
  voted_at     INTEGER,
  receipt_json TEXT,
  PRIMARY KEY (election_id, voter_id)
);
CREATE UNIQUE INDEX credentials_pseudonym ON credentials (election_id, pseudonym);

CREATE TABLE pending_casts (
  tx_id        TEXT PRIMARY KEY,
  election_id  TEXT NOT NULL,
  voter_id     TEXT NOT NULL,
  tx_bytes     BLOB NOT NULL,
  receipt_json TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('endorsed', 'committed', 'failed')),
  error        TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX pending_casts_voter ON pending_casts (election_id, voter_id, state);

CREATE TABLE spoiled_ballots (
  election_id TEXT NOT NULL,
  tracker     TEXT NOT NULL,
  ballot_json TEXT NOT NULL,
  reveal_json TEXT NOT NULL,
  at          INTEGER NOT NULL,
  PRIMARY KEY (election_id, tracker)
);

CREATE TABLE turnout_events (
  election_id TEXT NOT NULL,
  tracker     TEXT NOT NULL,
  at          TEXT NOT NULL,
  channel     TEXT NOT NULL,
  block       INTEGER NOT NULL,
  tx_id       TEXT NOT NULL,
  PRIMARY KEY (election_id, tracker)
);

`,
  /* 3: service desk: applications, their documents, staff contact data for the second factor, staff invitations */ `
CREATE TABLE applications (
  ref               TEXT PRIMARY KEY,
  access_hash       TEXT NOT NULL,
  organization_id   TEXT NOT NULL,
  organization_name TEXT NOT NULL,
  organization_type TEXT NOT NULL,
  region            TEXT NOT NULL,
  contact_enc       BLOB NOT NULL,
  planned_json      TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'changes-requested', 'approved', 'rejected')),
  decision_reason   TEXT,
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL
);

CREATE TABLE application_documents (
  ref          TEXT NOT NULL REFERENCES applications (ref) ON DELETE CASCADE,
  sha256       TEXT NOT NULL,
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size         INTEGER NOT NULL,
  bytes        BLOB NOT NULL,
  uploaded_at  INTEGER NOT NULL,
  PRIMARY KEY (ref, sha256)
);

ALTER TABLE staff_users ADD COLUMN phone_enc BLOB;
ALTER TABLE staff_users ADD COLUMN email_enc BLOB;
ALTER TABLE staff_users ADD COLUMN second_factor TEXT;

CREATE TABLE staff_invitations (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL,
  used_at    INTEGER
);
`,
  /* 4: spoiled ballots are on the ledger (SpoilBallot), not in one gateway's database */ `
DROP TABLE spoiled_ballots;
`,
  /* 5: a CAPTCHA has one answer, of the form the client asked for (open challenges are dropped) */ `
DELETE FROM captcha_challenges;
ALTER TABLE captcha_challenges DROP COLUMN alt_answer_hash;
`,
];

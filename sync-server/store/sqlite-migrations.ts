import type Database from 'better-sqlite3';

/** A step: SQL, or a function for what SQL alone cannot say (it runs inside the step's transaction). */
export type SqliteMigration = string | ((db: Database.Database) => void);

/**
 * The partition by municipality: each municipality gets its own change sequence (records.seq is
 * unique per municipality, the counter a row per municipality) and its own audit chain (entries
 * keyed by (chain, seq)). Existing records keep their seq; every municipality's counter starts
 * at the old server-wide one, so new changes come after every old one. Existing audit entries
 * stay as they are, verifiable, in the one legacy chain '*'. SQLite cannot drop a UNIQUE or a
 * PRIMARY KEY in place: both tables are rebuilt, their indexes and triggers recreated as stored.
 */
function partitionByMunicipality(db: Database.Database): void {
  const rebuild = (table: string, create: string, copy: string) => {
    const extras = db
      .prepare(`SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL`)
      .all(table) as { sql: string }[];
    db.exec(create);
    db.exec(copy);
    // Dropping a table fires none of its triggers.
    db.exec(`DROP TABLE ${table}`);
    db.exec(`ALTER TABLE ${table}_next RENAME TO ${table}`);
    for (const { sql } of extras) db.exec(sql);
  };
  rebuild(
    'records',
    `CREATE TABLE records_next (
      municipality TEXT NOT NULL,
      kind TEXT NOT NULL,
      id TEXT NOT NULL,
      rev INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      data TEXT NOT NULL,
      field_revs TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      updated_by TEXT NOT NULL,
      PRIMARY KEY (municipality, kind, id),
      UNIQUE (municipality, seq)
    )`,
    'INSERT INTO records_next SELECT municipality, kind, id, rev, seq, data, field_revs, updated_at, updated_by FROM records',
  );
  rebuild(
    'audit_log',
    `CREATE TABLE audit_log_next (
      seq INTEGER NOT NULL,
      at TEXT NOT NULL,
      municipality TEXT NOT NULL,
      user_id TEXT,
      device_id TEXT,
      action TEXT NOT NULL,
      kind TEXT,
      record_id TEXT,
      detail TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL,
      key_id TEXT,
      chain TEXT NOT NULL DEFAULT '*',
      PRIMARY KEY (chain, seq)
    )`,
    `INSERT INTO audit_log_next (seq, at, municipality, user_id, device_id, action, kind, record_id, detail, prev_hash, hash, key_id, chain)
     SELECT seq, at, municipality, user_id, device_id, action, kind, record_id, detail, prev_hash, hash, key_id, '*' FROM audit_log`,
  );
  db.exec(`
    CREATE TABLE change_seqs (
      municipality TEXT PRIMARY KEY,
      last INTEGER NOT NULL
    );
    INSERT INTO change_seqs (municipality, last)
    SELECT m, (SELECT last FROM change_seq WHERE id = 1) FROM (SELECT municipality AS m FROM records UNION SELECT code FROM municipalities);
    DROP TABLE change_seq;
  `);
}

// The hashes in a record's file field (a request's files, a draft's images), and the trigger
// body adding the ones not yet indexed: shared by the insert and update triggers below.
const RECORD_FILE_HASHES = `      SELECT CASE WHEN f.type = 'object' THEN CASE WHEN json_type(f.value, '$.hash') = 'text' THEN json_extract(f.value, '$.hash') END END AS h
      FROM (SELECT value, type FROM json_each(NEW.data, CASE NEW.kind WHEN 'pqrsd' THEN '$.files' ELSE '$.images' END)
        UNION ALL SELECT value, type FROM json_each(NEW.data, '$.approval.content.images') WHERE NEW.kind = 'portal_draft'
        UNION ALL SELECT value, type FROM json_each(NEW.data, '$.publication.content.images') WHERE NEW.kind = 'portal_draft') AS f
`;
const INSERT_RECORD_FILES = `    -- Not INSERT OR IGNORE: inside a trigger fired by an upsert, SQLite applies the outer
    -- statement's conflict handling instead.
    INSERT INTO record_files (municipality, hash, kind, id, added_by)
    SELECT DISTINCT NEW.municipality, x.h, NEW.kind, NEW.id, NEW.updated_by FROM (
${RECORD_FILE_HASHES}    ) AS x
    WHERE x.h IS NOT NULL AND NOT EXISTS (
      SELECT 1 FROM record_files AS rf WHERE rf.municipality = NEW.municipality AND rf.hash = x.h AND rf.kind = NEW.kind AND rf.id = NEW.id
    );
`;

/** Schema migrations of the SQLite store, applied in order at start (PRAGMA user_version). */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  `
  CREATE TABLE municipalities (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
  );
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    municipality TEXT NOT NULL REFERENCES municipalities(code),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    device_id TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    locked_until TEXT
  );
  CREATE TABLE records (
    municipality TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    rev INTEGER NOT NULL,
    seq INTEGER NOT NULL UNIQUE,
    data TEXT NOT NULL,
    field_revs TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (municipality, kind, id)
  );
  CREATE INDEX records_pull ON records(municipality, seq);
  CREATE TABLE change_seq (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
  );
  INSERT INTO change_seq (id, last) VALUES (1, 0);
  CREATE TABLE series (
    municipality TEXT NOT NULL,
    name TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (municipality, name, year)
  );
  CREATE TABLE receipts (
    mutation_id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    result TEXT NOT NULL,
    at TEXT NOT NULL
  );
  `,
  `
  CREATE INDEX records_pqrsd_radicado ON records (json_extract(data, '$.radicado')) WHERE kind = 'pqrsd';
  `,
  `
  CREATE TABLE outbound (
    id TEXT PRIMARY KEY,
    municipality TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    delivered_at TEXT,
    last_error TEXT
  );
  CREATE INDEX outbound_due ON outbound(next_attempt_at) WHERE delivered_at IS NULL;
  CREATE INDEX records_kind ON records(municipality, kind);
  `,
  `
  CREATE TABLE devices (
    device_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    municipality TEXT NOT NULL,
    last_contact_at TEXT NOT NULL,
    app_version TEXT,
    pending_reported INTEGER
  );
  CREATE INDEX devices_municipality ON devices(municipality);
  CREATE INDEX sessions_device ON sessions(device_id);
  `,
  `
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    municipality TEXT NOT NULL,
    user_id TEXT,
    device_id TEXT,
    action TEXT NOT NULL,
    kind TEXT,
    record_id TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_log_record ON audit_log(municipality, kind, record_id);
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
  `
  ALTER TABLE users ADD COLUMN dependencia TEXT;
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  `,
  `
  CREATE INDEX records_ref_request ON records(municipality, kind, json_extract(data, '$.requestId'));
  CREATE INDEX records_ref_record ON records(municipality, kind, json_extract(data, '$.recordId'));
  `,
  // Sign-in failures per attempt (username as typed, address), so they expire one by one. The
  // old per-username counters are dropped: no address to key them by, and they were the lockout.
  `
  DROP TABLE IF EXISTS login_failures;
  CREATE TABLE sign_in_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    address TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX sign_in_failures_address ON sign_in_failures(address, at);
  CREATE INDEX sign_in_failures_username ON sign_in_failures(username);
  CREATE INDEX sign_in_failures_at ON sign_in_failures(at);
  `,
  `
  CREATE TABLE budgets (
    key TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  `
  -- Which records point at which file, through their structured file fields only (a request's
  -- files, a draft's images, and the images of its approved and published text, which stay
  -- live while the draft is edited again; RecordKindSpec.fileField). Kept by triggers, so every write path
  -- keeps it; added_by is who first put the reference on that record.
  CREATE TABLE record_files (
    municipality TEXT NOT NULL,
    hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    added_by TEXT NOT NULL,
    PRIMARY KEY (municipality, hash, kind, id)
  );
  CREATE INDEX record_files_record ON record_files(municipality, kind, id);
  CREATE TRIGGER record_files_insert AFTER INSERT ON records WHEN NEW.kind IN ('pqrsd', 'portal_draft')
  BEGIN
${INSERT_RECORD_FILES}  END;
  CREATE TRIGGER record_files_update AFTER UPDATE OF data ON records WHEN NEW.kind IN ('pqrsd', 'portal_draft')
  BEGIN
    DELETE FROM record_files WHERE municipality = OLD.municipality AND kind = OLD.kind AND id = OLD.id
      AND hash NOT IN (SELECT h FROM (
${RECORD_FILE_HASHES}    ) WHERE h IS NOT NULL);
${INSERT_RECORD_FILES}  END;
  CREATE TRIGGER record_files_delete AFTER DELETE ON records WHEN OLD.kind IN ('pqrsd', 'portal_draft')
  BEGIN
    DELETE FROM record_files WHERE municipality = OLD.municipality AND kind = OLD.kind AND id = OLD.id;
  END;
  INSERT OR IGNORE INTO record_files (municipality, hash, kind, id, added_by)
  SELECT municipality, h, kind, id, updated_by FROM (
    SELECT r.municipality, r.kind, r.id, r.updated_by, CASE WHEN f.type = 'object' THEN CASE WHEN json_type(f.value, '$.hash') = 'text' THEN json_extract(f.value, '$.hash') END END AS h
    FROM records AS r, json_each(r.data, CASE r.kind WHEN 'pqrsd' THEN '$.files' ELSE '$.images' END) AS f
    WHERE r.kind IN ('pqrsd', 'portal_draft')
    UNION ALL
    SELECT r.municipality, r.kind, r.id, r.updated_by, CASE WHEN f.type = 'object' THEN CASE WHEN json_type(f.value, '$.hash') = 'text' THEN json_extract(f.value, '$.hash') END END AS h
    FROM records AS r, json_each(r.data, '$.approval.content.images') AS f
    WHERE r.kind = 'portal_draft'
    UNION ALL
    SELECT r.municipality, r.kind, r.id, r.updated_by, CASE WHEN f.type = 'object' THEN CASE WHEN json_type(f.value, '$.hash') = 'text' THEN json_extract(f.value, '$.hash') END END AS h
    FROM records AS r, json_each(r.data, '$.publication.content.images') AS f
    WHERE r.kind = 'portal_draft'
  ) WHERE h IS NOT NULL;
  `,
  // Which audit key wrote each entry (its id, never the key); NULL: written before the key, plain SHA-256.
  `
  ALTER TABLE audit_log ADD COLUMN key_id TEXT;
  `,
  // Device keys (seal of export files) and each municipality's key for officials' record ids.
  `
  CREATE TABLE device_keys (
    device_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    municipality TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  ALTER TABLE municipalities ADD COLUMN official_id_key TEXT;
  `,
  // The public lookup by a constancia's provisional number (with its verification code).
  `
  CREATE INDEX records_pqrsd_provisional ON records (municipality, json_extract(data, '$.provisionalNumber')) WHERE kind = 'pqrsd';
  `,
  // A name the admin recognises each device by (from its browser at first contact, editable).
  `
  ALTER TABLE devices ADD COLUMN name TEXT;
  `,
  partitionByMunicipality,
  // The device that holds a record's state as stored (its push answer carried it): its pulls
  // leave the record out. NULL, as for every existing row: everyone pulls it.
  `
  ALTER TABLE records ADD COLUMN origin_device TEXT;
  `,
  // Cheaper record writes (issue 16: every index and trigger parses the record's JSON on each
  // write). The file references are looked for only in a record whose text names a "hash" (a
  // file object always does; an escaped quote inside a string value never reads as one), and the
  // reference indexes hold only the kind each is read for (recordsReferencing names the kind
  // literally, so the planner can use them).
  `
  DROP TRIGGER record_files_insert;
  CREATE TRIGGER record_files_insert AFTER INSERT ON records
  WHEN NEW.kind IN ('pqrsd', 'portal_draft') AND instr(NEW.data, '"hash"') > 0
  BEGIN
${INSERT_RECORD_FILES}  END;
  DROP TRIGGER record_files_update;
  CREATE TRIGGER record_files_update AFTER UPDATE OF data ON records
  WHEN NEW.kind IN ('pqrsd', 'portal_draft') AND (instr(NEW.data, '"hash"') > 0 OR instr(OLD.data, '"hash"') > 0)
  BEGIN
    DELETE FROM record_files WHERE municipality = OLD.municipality AND kind = OLD.kind AND id = OLD.id
      AND hash NOT IN (SELECT h FROM (
${RECORD_FILE_HASHES}    ) WHERE h IS NOT NULL);
${INSERT_RECORD_FILES}  END;
  DROP INDEX records_ref_request;
  DROP INDEX records_ref_record;
  CREATE INDEX records_ref_request ON records(municipality, json_extract(data, '$.requestId')) WHERE kind = 'pqrsd_event';
  CREATE INDEX records_ref_record ON records(municipality, json_extract(data, '$.recordId')) WHERE kind = 'conflict';
  `,
];

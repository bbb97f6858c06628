import type { Pool } from 'pg';

/**
 * Schema migrations of the PostgreSQL store, applied in order at start. Each one runs in its
 * own transaction together with its row in `schema_migrations`, so a crash never leaves a
 * half-applied step. The schema mirrors the SQLite store (same tables, same keys); JSON
 * columns are jsonb and times are timestamptz.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE municipalities (
    code text PRIMARY KEY,
    name text NOT NULL
  );
  CREATE TABLE users (
    id text PRIMARY KEY,
    username text NOT NULL UNIQUE,
    display_name text NOT NULL,
    role text NOT NULL,
    municipality text NOT NULL REFERENCES municipalities(code),
    password_hash text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL
  );
  CREATE INDEX users_municipality ON users(municipality);
  CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id),
    device_id text,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE TABLE login_failures (
    key text PRIMARY KEY,
    count integer NOT NULL,
    locked_until timestamptz
  );
  CREATE TABLE records (
    municipality text NOT NULL,
    kind text NOT NULL,
    id text NOT NULL,
    rev integer NOT NULL,
    seq bigint NOT NULL UNIQUE,
    data jsonb NOT NULL,
    field_revs jsonb NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL,
    PRIMARY KEY (municipality, kind, id)
  );
  CREATE INDEX records_pull ON records(municipality, seq);
  CREATE INDEX records_kind ON records(municipality, kind);
  CREATE INDEX records_pqrsd_radicado ON records ((data->>'radicado')) WHERE kind = 'pqrsd';
  -- One row: the server-wide change sequence. Its row lock is also the writer lock (see
  -- postgres-store.ts), so sequence order is commit order.
  CREATE TABLE change_seq (
    id integer PRIMARY KEY CHECK (id = 1),
    last bigint NOT NULL
  );
  INSERT INTO change_seq (id, last) VALUES (1, 0);
  CREATE TABLE series (
    municipality text NOT NULL,
    name text NOT NULL,
    year integer NOT NULL,
    last integer NOT NULL,
    PRIMARY KEY (municipality, name, year)
  );
  CREATE TABLE receipts (
    mutation_id text PRIMARY KEY,
    device_id text NOT NULL,
    user_id text NOT NULL,
    result jsonb NOT NULL,
    at timestamptz NOT NULL
  );
  CREATE TABLE outbound (
    id text PRIMARY KEY,
    municipality text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    delivered_at timestamptz,
    last_error text
  );
  CREATE INDEX outbound_due ON outbound(next_attempt_at) WHERE delivered_at IS NULL;
  `,
  `
  CREATE TABLE devices (
    device_id text PRIMARY KEY,
    user_id text NOT NULL,
    municipality text NOT NULL,
    last_contact_at timestamptz NOT NULL,
    app_version text,
    pending_reported integer
  );
  CREATE INDEX devices_municipality ON devices(municipality);
  CREATE INDEX sessions_device ON sessions(device_id);
  `,
  `
  CREATE TABLE audit_log (
    seq bigint PRIMARY KEY,
    at text NOT NULL,
    municipality text NOT NULL,
    user_id text,
    device_id text,
    action text NOT NULL,
    kind text,
    record_id text,
    detail jsonb NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL
  );
  CREATE INDEX audit_log_record ON audit_log(municipality, kind, record_id);
  CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP;
  END;
  $$;
  CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
  CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
  `,
  `
  ALTER TABLE users ADD COLUMN dependencia text;
  ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
  `,
  `
  CREATE INDEX records_ref_request ON records (municipality, kind, (data->>'requestId'));
  CREATE INDEX records_ref_record ON records (municipality, kind, (data->>'recordId'));
  `,
  // Sign-in failures per attempt (username as typed, address), so they expire one by one. The
  // old per-username counters are dropped: no address to key them by, and they were the lockout.
  `
  DROP TABLE IF EXISTS login_failures;
  CREATE TABLE sign_in_failures (
    id bigserial PRIMARY KEY,
    username text NOT NULL,
    address text NOT NULL,
    at timestamptz NOT NULL
  );
  CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at);
  CREATE INDEX sign_in_failures_username ON sign_in_failures (username);
  CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
  `,
  `
  CREATE TABLE budgets (
    key text PRIMARY KEY,
    tokens double precision NOT NULL,
    updated_at bigint NOT NULL
  );
  `,
  `
  -- Which records point at which file, through their structured file fields only (a request's
  -- files, a draft's images, and the images of its approved and published text, which stay
  -- live while the draft is edited again; RecordKindSpec.fileField). Kept by a trigger, so every write path
  -- keeps it; added_by is who first put the reference on that record.
  CREATE TABLE record_files (
    municipality text NOT NULL,
    hash text NOT NULL,
    kind text NOT NULL,
    id text NOT NULL,
    added_by text NOT NULL,
    PRIMARY KEY (municipality, hash, kind, id)
  );
  CREATE INDEX record_files_record ON record_files (municipality, kind, id);
  CREATE FUNCTION record_file_hashes(kind text, data jsonb) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
    SELECT DISTINCT f->>'hash'
    FROM (VALUES (data->(CASE kind WHEN 'pqrsd' THEN 'files' ELSE 'images' END)),
                 (CASE WHEN kind = 'portal_draft' THEN data#>'{approval,content,images}' END),
                 (CASE WHEN kind = 'portal_draft' THEN data#>'{publication,content,images}' END)) AS src(list),
         jsonb_array_elements(CASE WHEN jsonb_typeof(src.list) = 'array' THEN src.list ELSE '[]'::jsonb END) AS f
    WHERE kind IN ('pqrsd', 'portal_draft') AND jsonb_typeof(f) = 'object' AND jsonb_typeof(f->'hash') = 'string'
  $$;
  CREATE FUNCTION record_files_sync() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'DELETE' THEN
      DELETE FROM record_files WHERE municipality = OLD.municipality AND kind = OLD.kind AND id = OLD.id;
      RETURN NULL;
    END IF;
    IF NEW.kind NOT IN ('pqrsd', 'portal_draft') THEN
      RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
      DELETE FROM record_files
      WHERE municipality = OLD.municipality AND kind = OLD.kind AND id = OLD.id
        AND hash NOT IN (SELECT record_file_hashes(NEW.kind, NEW.data));
    END IF;
    INSERT INTO record_files (municipality, hash, kind, id, added_by)
    SELECT NEW.municipality, h, NEW.kind, NEW.id, NEW.updated_by FROM record_file_hashes(NEW.kind, NEW.data) AS h
    ON CONFLICT DO NOTHING;
    RETURN NULL;
  END;
  $$;
  CREATE TRIGGER record_files_sync AFTER INSERT OR UPDATE OF data OR DELETE ON records
    FOR EACH ROW EXECUTE FUNCTION record_files_sync();
  INSERT INTO record_files (municipality, hash, kind, id, added_by)
  SELECT r.municipality, h, r.kind, r.id, r.updated_by FROM records AS r, record_file_hashes(r.kind, r.data) AS h
  WHERE r.kind IN ('pqrsd', 'portal_draft')
  ON CONFLICT DO NOTHING;
  `,
  // Which audit key wrote each entry (its id, never the key); NULL: written before the key, plain SHA-256.
  `
  ALTER TABLE audit_log ADD COLUMN key_id text;
  `,
  // Device keys (seal of export files) and each municipality's key for officials' record ids.
  `
  CREATE TABLE device_keys (
    device_id text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users(id),
    municipality text NOT NULL,
    secret text NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
  );
  ALTER TABLE municipalities ADD COLUMN official_id_key text;
  `,
  // The public lookup by a constancia's provisional number (with its verification code).
  `
  CREATE INDEX records_pqrsd_provisional ON records (municipality, (data->>'provisionalNumber')) WHERE kind = 'pqrsd';
  `,
  // A name the admin recognises each device by (from its browser at first contact, editable).
  `
  ALTER TABLE devices ADD COLUMN name TEXT;
  `,
  // The partition by municipality: a change sequence (records.seq unique per municipality, a
  // counter row per municipality whose lock is that municipality's writer lock) and an audit
  // chain per municipality. Existing records keep their seq and every counter starts at the old
  // server-wide one, so new changes come after every old one; existing audit entries stay, as they
  // are, in the one legacy chain '*'. Instances of the old version must be stopped first (they
  // lock the old counter).
  `
  ALTER TABLE records DROP CONSTRAINT records_seq_key;
  ALTER TABLE records ADD CONSTRAINT records_municipality_seq_key UNIQUE (municipality, seq);
  DROP INDEX records_pull;
  CREATE TABLE change_seqs (
    municipality text PRIMARY KEY,
    last bigint NOT NULL
  );
  INSERT INTO change_seqs (municipality, last)
  SELECT m, (SELECT last FROM change_seq WHERE id = 1) FROM (SELECT municipality FROM records UNION SELECT code FROM municipalities) AS t(m);
  DROP TABLE change_seq;
  ALTER TABLE audit_log ADD COLUMN chain text NOT NULL DEFAULT '*';
  ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
  ALTER TABLE audit_log ADD PRIMARY KEY (chain, seq);
  `,
  // The device that holds a record's state as stored (its push answer carried it): its pulls
  // leave the record out. NULL, as for every existing row: everyone pulls it.
  `
  ALTER TABLE records ADD COLUMN origin_device text;
  `,
];

/** Advisory lock key (two-int space; named locks use 0x6e1) that serialises migrations across instances. */
const MIGRATION_LOCK: [number, number] = [0x6e0, 1];

/**
 * Applies the pending migrations. Several instances may start at once on one database: a
 * session-level advisory lock makes them take turns, and each reads `schema_migrations` only
 * once it holds the lock, so every step runs exactly once.
 */
export async function migratePostgres(pool: Pool, migrations: readonly string[] = POSTGRES_MIGRATIONS): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', MIGRATION_LOCK);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
      const current = rows[0]?.v ?? 0;
      for (let v = current; v < migrations.length; v++) {
        await client.query('BEGIN');
        try {
          await client.query(migrations[v] as string);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', MIGRATION_LOCK);
    }
  } finally {
    client.release();
  }
}

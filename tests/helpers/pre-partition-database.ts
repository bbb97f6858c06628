// A generator of the fixture "a database made by the version before the partition by
// municipality": the schema of every migration before the partition step (exactly what that
// version ran), filled the way that version wrote: one server-wide change sequence interleaving
// two municipalities, radicado series per municipality, receipts, and one audit chain for the
// whole server, keyed. Built fresh by each test (SQLite file or PostgreSQL database), so it
// never drifts from the migrations it stands for.
import Database from 'better-sqlite3';
import pg from 'pg';
import { chainEntry, type StoredAuditEntry } from '../../sync-server/audit/audit-chain';
import type { AuditKey } from '../../sync-server/audit/audit-key';
import { migratePostgres, POSTGRES_MIGRATIONS } from '../../sync-server/store/postgres-migrations';
import { SQLITE_MIGRATIONS } from '../../sync-server/store/sqlite-migrations';
import { createMutation } from './fixtures';

/** The steps the version before the partition ran (the partition step is the first after them). */
export const SQLITE_BEFORE_PARTITION = SQLITE_MIGRATIONS.findIndex((m) => typeof m === 'function' && m.name === 'partitionByMunicipality');
export const POSTGRES_BEFORE_PARTITION = POSTGRES_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE change_seqs'));

export const OLD_TOWNS = ['95200', '95015'] as const;
const AT = '2026-03-10T15:00:00.000Z';

export interface OldRecord {
  municipality: string;
  id: string;
  seq: number;
  data: Record<string, unknown>;
}

export interface PrePartitionContent {
  records: OldRecord[];
  /** The last number of each municipality's 2026 radicado series. */
  lastRadicado: Record<string, number>;
  audit: StoredAuditEntry[];
  lastSeq: number;
}

/** What the old version held: 30 requests, alternating municipalities, one audit entry each. */
export function prePartitionContent(key: AuditKey): PrePartitionContent {
  const records: OldRecord[] = [];
  const lastRadicado: Record<string, number> = {};
  const audit: StoredAuditEntry[] = [];
  for (let seq = 1; seq <= 30; seq++) {
    const municipality = OLD_TOWNS[seq % 2] as string;
    const n = (lastRadicado[municipality] ?? 0) + 1;
    lastRadicado[municipality] = n;
    const m = createMutation();
    const radicado = `${municipality}-2026-${String(n).padStart(6, '0')}`;
    records.push({ municipality, id: m.recordId, seq, data: { ...m.data, id: m.recordId, radicado, municipality } });
    const last = audit.at(-1) ?? null;
    audit.push(
      chainEntry(last, { at: AT, municipality, userId: 'user-a', deviceId: 'device-A', action: 'create', kind: 'pqrsd', recordId: m.recordId, detail: { mutationId: m.id, rev: 1 } }, key),
    );
  }
  return { records, lastRadicado, audit, lastSeq: 30 };
}

interface Statement {
  sql: string;
  params: unknown[];
}

function inserts(c: PrePartitionContent, mark: (i: number) => string): Statement[] {
  const out: Statement[] = [];
  const ps = (n: number) => Array.from({ length: n }, (_, i) => mark(i + 1)).join(', ');
  for (const town of OLD_TOWNS) out.push({ sql: `INSERT INTO municipalities (code, name) VALUES (${ps(2)})`, params: [town, `Town ${town}`] });
  for (const r of c.records) {
    out.push({
      sql: `INSERT INTO records (municipality, kind, id, rev, seq, data, field_revs, updated_at, updated_by) VALUES (${ps(9)})`,
      params: [r.municipality, 'pqrsd', r.id, 1, r.seq, JSON.stringify(r.data), '{}', AT, 'user-a'],
    });
  }
  for (const [town, last] of Object.entries(c.lastRadicado)) {
    out.push({ sql: `INSERT INTO series (municipality, name, year, last) VALUES (${ps(4)})`, params: [town, 'radicado', 2026, last] });
  }
  for (const e of c.audit) {
    out.push({
      sql: `INSERT INTO audit_log (seq, at, municipality, user_id, device_id, action, kind, record_id, detail, prev_hash, hash, key_id) VALUES (${ps(12)})`,
      params: [e.seq, e.at, e.municipality, e.userId, e.deviceId, e.action, e.kind, e.recordId, JSON.stringify(e.detail), e.prevHash, e.hash, e.keyId],
    });
  }
  out.push({ sql: `UPDATE change_seq SET last = ${mark(1)} WHERE id = 1`, params: [c.lastSeq] });
  return out;
}

/** Writes the old version's SQLite database to `file`. */
export function writePrePartitionSqlite(file: string, c: PrePartitionContent): void {
  const db = new Database(file);
  try {
    for (let v = 0; v < SQLITE_BEFORE_PARTITION; v++) db.exec(SQLITE_MIGRATIONS[v] as string);
    db.pragma(`user_version = ${SQLITE_BEFORE_PARTITION}`);
    for (const s of inserts(c, () => '?')) db.prepare(s.sql).run(...s.params);
  } finally {
    db.close();
  }
}

/** Builds the old version's PostgreSQL database at `url`. */
export async function writePrePartitionPostgres(url: string, c: PrePartitionContent): Promise<void> {
  const pool = new pg.Pool({ connectionString: url });
  try {
    await migratePostgres(pool, POSTGRES_MIGRATIONS.slice(0, POSTGRES_BEFORE_PARTITION));
    for (const s of inserts(c, (i) => `$${i}`)) await pool.query(s.sql, s.params);
  } finally {
    await pool.end();
  }
}

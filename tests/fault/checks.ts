// The invariants a fault run must keep, checked against the server's own state: its SQLite
// file (receipts, records, series; opened read-only) and what each user pulls over HTTP.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { QuarantineEntry } from '../../src/db/database';
import { MAX_REVISIONS_PER_DRAFT } from '#shared/portal/portal-schema';
import { RECORD_KIND_NAMES } from '#shared/records';
import type { Role } from '#shared/roles';
import type { Mutation, MutationResult } from '#shared/sync-protocol';
import { pullAll } from '../helpers/server-process';
import { canActOnRequest } from '#shared/pqrsd/visibility';
import type { FaultDevice } from './world';

/**
 * Refusals a device may legitimately get because someone else acted first: a workflow step
 * that another device's step made impossible, an official's edit of a portal item the
 * committee approved meanwhile (or another official's item under review), an approval of a
 * text changed meanwhile, and a decision of a conflict replaced meanwhile. Anything else in a
 * quarantine is a failure.
 */
export function expectedRefusal(m: Pick<Mutation, 'kind' | 'op'>, code: string, role: Role): boolean {
  if (code === 'INVALID_TRANSITION') return m.op === 'create' && (m.kind === 'pqrsd_event' || m.kind === 'portal_step');
  // An approval of a text another device changed after the reviewer read it, or a decision of
  // a conflict whose values a newer change of the device that sent them replaced meanwhile.
  if (code === 'STALE_REVISION') return (m.op === 'create' && m.kind === 'portal_step') || (m.op === 'update' && m.kind === 'conflict');
  // An official's edit of a portal item (or decision of its conflict, which is editing it) that
  // the committee approved meanwhile, or that another official sent to review.
  if (code === 'FORBIDDEN') return (m.kind === 'portal_draft' || m.kind === 'conflict') && m.op === 'update' && role !== 'committee' && role !== 'admin';
  return false;
}

/**
 * An official's change to a request that another device meanwhile assigned to another office:
 * refused, rightly, since only the office that has it acts on it.
 */
function handedOver(e: QuarantineEntry, d: FaultDevice, facts: ServerFacts): boolean {
  if (e.error.code !== 'FORBIDDEN' || d.user.role !== 'official') return false;
  const requestId = e.kind === 'pqrsd' ? e.recordId : e.kind === 'pqrsd_event' ? String(e.mutation.data.requestId) : null;
  const request = requestId ? facts.requests.get(requestId) : undefined;
  return request !== undefined && !canActOnRequest({ ...d.user, role: 'official' }, request);
}

/** JSON with object keys sorted, so equal records print equal. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export type RecordMap = Map<string, string>;

export const checksum = (m: RecordMap) =>
  createHash('sha256')
    .update([...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join('\n'))
    .digest('hex')
    .slice(0, 16);

/** Everything this user may see, pulled fresh from the server (directly, no faults). */
export async function serverView(url: string, token: string): Promise<RecordMap> {
  const out: RecordMap = new Map();
  for (const ch of await pullAll(url, token, 2000)) out.set(`${ch.kind}/${ch.id}`, stableJson({ ...ch.data, rev: ch.rev }));
  return out;
}

/** Every record the device holds, minus local-only fields (`_…`), with its revision. */
export async function deviceView(d: FaultDevice): Promise<{ records: RecordMap; unsynced: string[] }> {
  const records: RecordMap = new Map();
  const unsynced: string[] = [];
  for (const kind of RECORD_KIND_NAMES) {
    for (const row of (await d.db.table(kind).toArray()) as Record<string, unknown>[]) {
      const clean = Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('_')));
      records.set(`${kind}/${String(row.id)}`, stableJson({ ...clean, rev: row._rev }));
      if (row._sync !== 'synced') unsynced.push(`${kind}/${String(row.id)}:${String(row._sync)}`);
    }
  }
  return { records, unsynced };
}

export function diffViews(device: RecordMap, server: RecordMap, max = 3): string[] {
  const out: string[] = [];
  for (const [k, v] of server) {
    if (!device.has(k)) out.push(`missing on device: ${k}`);
    else if (device.get(k) !== v) out.push(`differs: ${k}\n    device ${device.get(k)}\n    server ${v}`);
  }
  for (const k of device.keys()) if (!server.has(k)) out.push(`not on server: ${k}`);
  return out.slice(0, max).concat(out.length > max ? [`… ${out.length - max} more`] : []);
}

interface ServerFacts {
  receipts: Map<string, MutationResult>;
  records: Set<string>;
  /** The server's requests by id (who may act on them now). */
  requests: Map<string, Record<string, unknown>>;
  /** kind → records whose `deviceId` is one of this run's devices. */
  createdByRun: Map<string, number>;
  failures: string[];
}

/** Reads the server's file: receipts of the run's mutations, and the global exactly-once facts. */
export function readServerFacts(dataDir: string, mutations: readonly Mutation[], deviceIds: readonly string[]): ServerFacts {
  const db = new Database(join(dataDir, 'gel-campo.sqlite'), { readonly: true });
  const failures: string[] = [];
  try {
    const receipts = new Map<string, MutationResult>();
    const getReceipt = db.prepare('SELECT result FROM receipts WHERE mutation_id = ?');
    for (const m of mutations) {
      const row = getReceipt.get(m.id) as { result: string } | undefined;
      if (row) receipts.set(m.id, JSON.parse(row.result) as MutationResult);
    }
    const records = new Set<string>();
    const getRecord = db.prepare('SELECT 1 FROM records WHERE kind = ? AND id = ?');
    for (const m of mutations) if (getRecord.get(m.kind, m.recordId)) records.add(`${m.kind}/${m.recordId}`);

    const requests = new Map<string, Record<string, unknown>>();
    for (const row of db.prepare("SELECT id, data FROM records WHERE kind = 'pqrsd'").all() as { id: string; data: string }[]) {
      requests.set(row.id, JSON.parse(row.data) as Record<string, unknown>);
    }

    const createdByRun = new Map<string, number>();
    const marks = deviceIds.map(() => '?').join(',');
    const byKind = db
      .prepare(`SELECT kind, count(*) AS n FROM records WHERE json_extract(data, '$.deviceId') IN (${marks}) GROUP BY kind`)
      .all(...deviceIds) as { kind: string; n: number }[];
    for (const r of byKind) createdByRun.set(r.kind, r.n);

    // Radicados: unique, and per municipality and year exactly 1..last of the series (gap-free).
    const rads = db.prepare("SELECT json_extract(data, '$.radicado') AS r FROM records WHERE kind = 'pqrsd'").all() as { r: string | null }[];
    const seen = new Map<string, Set<number>>();
    for (const { r } of rads) {
      const m = /^(\d{5})-(\d{4})-(\d{6})$/.exec(r ?? '');
      if (!m) {
        failures.push(`a stored request has no valid radicado: ${String(r)}`);
        continue;
      }
      const key = `${m[1]}/${m[2]}`;
      const set = seen.get(key) ?? new Set<number>();
      if (set.has(Number(m[3]))) failures.push(`radicado ${r} given twice`);
      set.add(Number(m[3]));
      seen.set(key, set);
    }
    const series = db.prepare("SELECT municipality, year, last FROM series WHERE name = 'radicado'").all() as { municipality: string; year: number; last: number }[];
    for (const s of series) {
      const got = seen.get(`${s.municipality}/${s.year}`) ?? new Set<number>();
      if (got.size !== s.last || Math.max(0, ...got) !== s.last) {
        failures.push(`radicado series ${s.municipality}/${s.year}: last=${s.last} but ${got.size} distinct numbers up to ${Math.max(0, ...got)} (gap or number consumed twice)`);
      }
    }

    // A step counted once: each request's lifecycle has seen exactly its stored events.
    const counts = db
      .prepare(
        `SELECT p.id, json_extract(p.data, '$.lifecycle.eventCount') AS counted,
                (SELECT count(*) FROM records e WHERE e.kind = 'pqrsd_event' AND json_extract(e.data, '$.requestId') = p.id) AS stored
         FROM records p WHERE p.kind = 'pqrsd'`,
      )
      .all() as { id: string; counted: number; stored: number }[];
    for (const c of counts) if (c.counted !== c.stored) failures.push(`request ${c.id}: lifecycle counted ${c.counted} steps, ${c.stored} stored`);

    // A portal item's revision moved once per stored edit (audited) and once per stored step;
    // its history holds at most MAX_REVISIONS_PER_DRAFT entries, the latest one at its revision.
    const drafts = db
      .prepare(
        `SELECT d.id, d.rev,
                (SELECT count(*) FROM audit_log a WHERE a.kind = 'portal_draft' AND a.action = 'update' AND a.record_id = d.id) AS edits,
                (SELECT count(*) FROM records r WHERE r.kind = 'portal_revision' AND json_extract(r.data, '$.draftId') = d.id) AS revisions,
                (SELECT max(json_extract(r.data, '$.rev')) FROM records r WHERE r.kind = 'portal_revision' AND json_extract(r.data, '$.draftId') = d.id) AS lastRevision,
                (SELECT max(json_extract(a.detail, '$.rev')) FROM audit_log a WHERE a.kind = 'portal_draft' AND a.action = 'update' AND a.record_id = d.id) AS lastEdit,
                (SELECT count(*) FROM records s WHERE s.kind = 'portal_step' AND json_extract(s.data, '$.draftId') = d.id) AS steps
         FROM records d WHERE d.kind = 'portal_draft'`,
      )
      .all() as { id: string; rev: number; edits: number; revisions: number; lastRevision: number | null; lastEdit: number | null; steps: number }[];
    for (const x of drafts) {
      if (x.rev !== 1 + x.edits + x.steps) failures.push(`portal item ${x.id}: rev ${x.rev} ≠ 1 + ${x.edits} edits + ${x.steps} steps`);
      if (x.revisions > MAX_REVISIONS_PER_DRAFT) failures.push(`portal item ${x.id}: ${x.revisions} history entries`);
      if (x.lastRevision !== x.lastEdit) failures.push(`portal item ${x.id}: history ends at ${x.lastRevision}, last edit ${x.lastEdit}`);
    }
    return { receipts, records, requests, createdByRun, failures };
  } finally {
    db.close();
  }
}

/**
 * Nothing lost, nothing refused without reason, nothing stored twice: every change a device
 * made has the server's receipt; applied ones exist on the server, refused ones wait in that
 * device's quarantine with the same reason; one stored record per created id.
 */
export function checkMutations(
  devices: readonly FaultDevice[],
  quarantines: ReadonlyMap<FaultDevice, QuarantineEntry[]>,
  facts: ServerFacts,
): string[] {
  const failures = [...facts.failures];
  const applied = new Map<string, Set<string>>();
  for (const d of devices) {
    const q = new Map((quarantines.get(d) ?? []).map((e) => [e.mutationId, e]));
    const mine = new Set(d.created.map((m) => m.id));
    for (const e of q.values()) {
      if (!mine.has(e.mutationId)) failures.push(`${d.account.username}: quarantine holds a change it never made (${e.mutationId})`);
      if (!expectedRefusal(e.mutation, e.error.code, d.user.role) && !handedOver(e, d, facts)) {
        failures.push(`${d.account.username}: unexpected refusal ${e.kind}/${e.mutation.op} ${e.error.code}: ${e.error.message}`);
      }
    }
    for (const m of d.created) {
      const r = facts.receipts.get(m.id);
      const what = `${d.account.username} ${m.kind}/${m.op} ${m.recordId} (mutation ${m.id})`;
      if (!r) {
        failures.push(`lost: ${what} has no receipt on the server`);
        continue;
      }
      if (r.status === 'rejected') {
        const e = q.get(m.id);
        if (!e) failures.push(`lost: ${what} was refused (${r.error.code}) but is not in the quarantine`);
        else if (e.error.code !== r.error.code) failures.push(`${what}: quarantined as ${e.error.code}, the server said ${r.error.code}`);
        continue;
      }
      if (q.has(m.id)) failures.push(`${what}: applied on the server but quarantined on the device`);
      if (!facts.records.has(`${m.kind}/${m.recordId}`)) failures.push(`lost: ${what} applied but the record is not on the server`);
      if (m.op === 'create' && r.status === 'applied') {
        const set = applied.get(m.kind) ?? new Set<string>();
        set.add(m.recordId);
        applied.set(m.kind, set);
      }
    }
  }
  for (const [kind, ids] of applied) {
    if (kind === 'official') continue; // a merge: the first device's copy stays, with its deviceId
    const stored = facts.createdByRun.get(kind) ?? 0;
    if (stored !== ids.size) failures.push(`duplicated or lost: ${ids.size} ${kind} created and applied in this run, ${stored} stored`);
  }
  return failures;
}

// `npm run fuzz [seed] [cases]`: throws malformed requests at every route of the sync server,
// in process (createApp + a real SqliteStore and BlobFiles in a temp dir, no network), and checks
// after each one: no 5xx, API errors shaped { code, message, details? }, nothing invalid stored.
// Also the harness of tests/integration/fuzz.test.ts.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { apiErrorSchema } from '#shared/errors';
import { isRecordKind, RECORD_KINDS } from '#shared/records';
import { ROLES, type Role } from '#shared/roles';
import { officialIdFor } from '#shared/training/official-id';
import { uuidv7 } from '#shared/ids';
import { claimDevice } from '../sync-server/auth/device-keys';
import { hashToken, newToken } from '../sync-server/auth/tokens';
import { BlobFiles } from '../sync-server/blobs/blob-files';
import { DEMO_ACCOUNTS, DEMO_MUNICIPALITY, seedIfEmpty } from '../sync-server/demo-seed';
import { createApp } from '../sync-server/http/app';
import { DEFAULT_PUBLIC_LIMITS } from '../sync-server/http/public-limits';
import type { RouteKey } from '../sync-server/http/access-matrix';
import { SqliteStore } from '../sync-server/store/sqlite-store';
import { ensureMunicipalityRecords } from '../sync-server/sync/server-records';
import { SEALED_KIND } from '../sync-server/habeas/sealed';
import { RESYNC_KIND } from '../sync-server/sync/resync';
import { createMutation } from '../tests/helpers/fixtures';
import { fuzzCaseArb, kindBases, ROUTE_KEYS, type FuzzCase, type Refs } from '../tests/fuzz/payloads';

export interface Outcome {
  status: number;
  /** Broken invariants; empty when the case passed. */
  problems: string[];
}

export interface Harness {
  refs: Refs;
  /** Per-mutation results of pushes and imports: 'applied', 'conflict', 'rejected:<code>'. */
  mutationResults: Map<string, number>;
  run(c: FuzzCase): Promise<Outcome>;
  /** Every record of every municipality, validated against its kind's schema. */
  checkAllRecords(): Promise<string[]>;
  close(): Promise<void>;
}

const M = DEMO_MUNICIPALITY.code;

export async function createHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'gel-fuzz-'));
  const dbFile = join(dir, 'db.sqlite');
  const store = new SqliteStore(dbFile);
  await store.migrate();
  await seedIfEmpty(store, true, () => {});
  await ensureMunicipalityRecords(store, M);
  const files = new BlobFiles(join(dir, 'files'), 10 * 1024 * 1024);
  const shell = join(dir, 'shell');
  mkdirSync(shell);
  writeFileSync(join(shell, 'index.html'), '<!doctype html><title>GEL Campo</title>');
  // Every case reaches its handler (the per-address budgets have their own test); body limits stay.
  const publicLimits = Object.fromEntries(Object.entries(DEFAULT_PUBLIC_LIMITS).map(([k, v]) => [k, { ...v, perMinute: Number.MAX_SAFE_INTEGER }]));
  const app: Hono = createApp({ store, staticDir: shell, files, publicLimits });
  const reader = new Database(dbFile, { readonly: true });

  const users = new Map<Role, string>();
  for (const a of DEMO_ACCOUNTS) users.set(a.role, (await store.findUserByUsername(a.username))?.id ?? '');
  const tokens = new Map<Role, string>();
  /** Sessions made straight in the store: fuzzed sign-ins may lock the demo accounts. */
  const refreshTokens = async () => {
    for (const role of ROLES) {
      const token = newToken();
      const now = new Date();
      await store.createSession({
        tokenHash: hashToken(token),
        userId: users.get(role) ?? '',
        deviceId: null,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
        revokedAt: null,
      });
      tokens.set(role, token);
    }
  };
  await refreshTokens();

  // Records the fuzzed references and updates point at.
  // A real photo's signature: the fuzzed downloads reach a file the seeded request references.
  const blob = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('archivo de prueba del fuzzer')]);
  const refs: Refs = {
    pqrsd: uuidv7(),
    course: uuidv7(),
    official: await officialIdFor(await store.officialIdKey(M), M, 'CC', '52345678'),
    session: uuidv7(),
    draft: uuidv7(),
    report: uuidv7(),
    dsr: uuidv7(),
    blobHash: createHash('sha256').update(blob).digest('hex'),
    deviceId: 'fuzz-device-0001',
    userId: users.get('official') ?? '',
    exportDevice: { id: 'fuzz-export-device', key: '' },
  };
  const official = await store.findUserById(refs.userId);
  if (!official) throw new Error('no demo official');
  const exportKey = await claimDevice(store, official, refs.exportDevice.id, new Date());
  if (!exportKey) throw new Error('the demo official has no export key');
  refs.exportDevice.key = exportKey;
  /** Each role pushes from a device of its own: a device id belongs to its first user. */
  const ownDevice = (role: Role) => `${refs.deviceId}-${role}`;
  const uploader = { municipality: M, userId: users.get('admin') ?? '' };
  await files.start(refs.blobHash, { size: blob.length, name: 'prueba.png' }, uploader);
  await files.append(refs.blobHash, 0, blob, uploader);
  const bases = kindBases(refs);
  const seedMutations = [
    { ...createMutation({ files: [{ hash: refs.blobHash, name: 'prueba.png', type: 'image/png', size: blob.length }] }), recordId: refs.pqrsd },
    ...(['course', 'official', 'training_session', 'portal_draft', 'plan_report', 'data_subject_request'] as const).map((kind) => ({
      id: uuidv7(),
      kind,
      recordId: {
        course: refs.course,
        official: refs.official,
        training_session: refs.session,
        portal_draft: refs.draft,
        plan_report: refs.report,
        data_subject_request: refs.dsr,
      }[kind],
      op: 'create',
      baseRev: null,
      data: bases[kind],
      at: '2026-03-12T15:00:00.000Z',
    })),
  ];
  const seeded = await app.fetch(
    new Request('http://fuzz.local/api/sync/push', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get('admin')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceId: ownDevice('admin'), mutations: seedMutations }),
    }),
  );
  const seededBody = (await seeded.json()) as { results: { status: string }[] };
  const notApplied = seededBody.results.filter((r) => r.status !== 'applied');
  if (notApplied.length) throw new Error(`harness seed not applied: ${JSON.stringify(notApplied)}`);

  const mutationResults = new Map<string, number>();
  let lastSeq = 0;
  /** Every record written since the last check (a write bumps the row's seq) must match its schema. */
  const checkNewRecords = (): string[] => {
    const rows = reader.prepare('SELECT municipality, kind, id, seq, data FROM records WHERE seq > ? ORDER BY seq').all(lastSeq) as {
      municipality: string; kind: string; id: string; seq: number; data: string;
    }[];
    const problems: string[] = [];
    for (const row of rows) {
      lastSeq = Math.max(lastSeq, row.seq);
      problems.push(...validateRecord(row.kind, row.id, JSON.parse(row.data)));
    }
    return problems;
  };
  const initial = checkNewRecords();
  if (initial.length) throw new Error(`seed records already invalid: ${initial.join('; ')}`);

  const run = async (c: FuzzCase): Promise<Outcome> => {
    const headers = new Headers(c.headers);
    if (c.auth.kind === 'role') headers.set('authorization', `Bearer ${tokens.get(c.auth.role)}`);
    if (c.auth.kind === 'raw') headers.set('authorization', c.auth.header);
    const logged: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => void logged.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' ').slice(0, 600));
    let res: Response;
    let raw: Buffer;
    try {
      const body = c.auth.kind === 'role' && c.route === 'POST /api/sync/push' && typeof c.body === 'string' ? c.body.replaceAll(refs.deviceId, ownDevice(c.auth.role)) : c.body;
      res = await app.fetch(new Request(`http://fuzz.local${c.url}`, { method: c.method, headers, body: body as BodyInit | null }));
      raw = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      return { status: 0, problems: [`threw: ${(err as Error).stack ?? String(err)}`] };
    } finally {
      console.error = consoleError;
    }
    const problems = [...checkResponse(c, res, raw, logged, mutationResults), ...checkNewRecords()];
    // A sign-out or a device revocation may have spent the harness's sessions.
    if (/logout|revoke|refresh/.test(c.route) && res.status < 400) await refreshTokens();
    return { status: res.status, problems };
  };

  const checkAllRecords = async () => {
    const problems: string[] = [];
    for (const m of await store.listMunicipalities()) {
      for (const kind of Object.keys(RECORD_KINDS)) {
        for (const r of await store.recordsOfKind(m, kind)) problems.push(...validateRecord(kind, r.id, r.data));
      }
    }
    const kinds = reader.prepare('SELECT DISTINCT kind FROM records').all() as { kind: string }[];
    for (const { kind } of kinds) if (!isRecordKind(kind) && !SERVER_ONLY_KINDS.has(kind)) problems.push(`stored record of unknown kind '${kind}'`);
    return problems;
  };

  const close = async () => {
    reader.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { refs, mutationResults, run, checkAllRecords, close };
}

/** Kinds the server keeps for itself (never pushed or pulled): habeas data's sealed copies, resync counters. */
const SERVER_ONLY_KINDS = new Set([SEALED_KIND, RESYNC_KIND]);

function validateRecord(kind: string, id: string, data: unknown): string[] {
  if (SERVER_ONLY_KINDS.has(kind)) return [];
  if (!isRecordKind(kind)) return [`stored record ${id} of unknown kind '${kind}'`];
  const parsed = RECORD_KINDS[kind].schema.safeParse(data);
  if (parsed.success) return [];
  return [`invalid ${kind} ${id} stored: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`];
}

function checkResponse(c: FuzzCase, res: Response, raw: Buffer, logged: string[], tally: Map<string, number>): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`status ${res.status}${logged.length ? `; server logged: ${logged.join(' | ')}` : ''}`);
  const path = new URL(`http://fuzz.local${c.url}`).pathname;
  // A file goes out inert, whatever was uploaded or asked for.
  if (res.status === 200 && /^\/(api\/blobs|portal\/archivo)\/[0-9a-f]{64}$/.test(path) && c.method === 'GET') {
    const type = res.headers.get('content-type') ?? '';
    if (!['image/jpeg', 'image/png', 'image/webp', 'application/pdf', 'application/octet-stream'].includes(type)) problems.push(`file served as ${type}`);
    if (res.headers.get('x-content-type-options') !== 'nosniff') problems.push('file served without nosniff');
    if (res.headers.get('content-security-policy') !== "default-src 'none'; sandbox") problems.push('file served without its sandboxing CSP');
    if (!type.startsWith('image/') && !(res.headers.get('content-disposition') ?? '').startsWith('attachment')) problems.push(`a ${type} served inline`);
  }
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  if (!path.startsWith('/api/') || c.method === 'HEAD' || (res.status < 400 && !isJson)) return problems;
  let body: unknown;
  try {
    const text = res.headers.get('content-encoding') === 'gzip' ? gunzipSync(raw) : raw;
    body = JSON.parse(text.toString('utf8'));
  } catch {
    return [...problems, `status ${res.status}: body is not JSON`];
  }
  if (res.status >= 400) {
    const shaped = apiErrorSchema.safeParse(body);
    const extra = body && typeof body === 'object' ? Object.keys(body).filter((k) => !['code', 'message', 'details'].includes(k)) : [];
    if (!shaped.success || extra.length) problems.push(`error body not { code, message, details? }: ${JSON.stringify(body).slice(0, 300)}`);
  }
  // A mutation failing with INTERNAL is a crash the 200 hides.
  const results = (body as { results?: unknown; rejected?: unknown } | null)?.results ?? (body as { rejected?: unknown } | null)?.rejected;
  if (Array.isArray(results)) {
    for (const r of results as { status?: string; error?: { code?: string; message?: string } | null }[]) {
      const key = r.error ? `rejected:${r.error.code}` : (r.status ?? '?');
      tally.set(key, (tally.get(key) ?? 0) + 1);
      if (r.error?.code === 'INTERNAL') problems.push(`mutation rejected INTERNAL: ${r.error.message}; server logged: ${logged.join(' | ').slice(0, 800)}`);
      else if (r.error && !apiErrorSchema.safeParse(r.error).success) problems.push(`mutation error not shaped: ${JSON.stringify(r.error)}`);
    }
  }
  return problems;
}

/** What a failing case looks like in a report: big strings and bodies shortened. */
export function describeCase(c: FuzzCase): string {
  const body = c.body === null ? null : typeof c.body === 'string' ? c.body : `<${c.body.length} bytes>`;
  const short = (s: string) => (s.length > 600 ? `${s.slice(0, 600)}…(${s.length} chars)` : s);
  return short(JSON.stringify({ ...c, body: body === null ? null : short(body) }));
}

export interface RouteStats {
  cases: number;
  statuses: Map<number, number>;
  failures: number;
}

export function newStats(): Map<RouteKey, RouteStats> {
  return new Map(ROUTE_KEYS.map((k) => [k, { cases: 0, statuses: new Map(), failures: 0 }]));
}

export function record(stats: Map<RouteKey, RouteStats>, c: FuzzCase, o: Outcome): void {
  const s = stats.get(c.route) as RouteStats;
  s.cases++;
  s.statuses.set(o.status, (s.statuses.get(o.status) ?? 0) + 1);
  if (o.problems.length) s.failures++;
}

export function statsTable(stats: Map<RouteKey, RouteStats>): string {
  const rows = [...stats].map(([k, s]) => [k, String(s.cases), [...s.statuses].sort((a, b) => a[0] - b[0]).map(([st, n]) => `${st}×${n}`).join(' '), String(s.failures)]);
  const head = ['route', 'cases', 'statuses', 'failures'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 1 || i === 3 ? cell.padStart(width[i] as number) : cell.padEnd(width[i] as number))).join(' | ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n');
}

async function main() {
  const seed = process.argv[2] ? Number(process.argv[2]) : Math.floor(Math.random() * 2 ** 31);
  const numRuns = process.argv[3] ? Number(process.argv[3]) : 10_000;
  console.log(`fuzz: ${numRuns} cases, seed ${seed} (rerun: npm run fuzz -- ${seed} ${numRuns})`);
  const h = await createHarness();
  const stats = newStats();
  const failures: { c: FuzzCase; problems: string[] }[] = [];
  const started = Date.now();
  // Every case runs; failures are collected rather than shrunk, so the table counts them all.
  await fc.check(
    fc.asyncProperty(fuzzCaseArb(h.refs), async (c) => {
      const o = await h.run(c);
      record(stats, c, o);
      if (o.problems.length) failures.push({ c, problems: o.problems });
      return true;
    }),
    { numRuns, seed, endOnFailure: true },
  );
  const finalProblems = await h.checkAllRecords();
  console.log(statsTable(stats));
  console.log(`\nmutation results (push + import): ${[...h.mutationResults].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k}×${n}`).join(' ')}`);
  console.log(`\n${numRuns} cases in ${((Date.now() - started) / 1000).toFixed(1)} s; ${failures.length} failing; final record sweep: ${finalProblems.length} problems`);
  for (const f of failures.slice(0, 20)) console.log(`\nFAIL ${f.c.route}: ${f.problems.join('\n  ')}\n  case: ${describeCase(f.c)}`);
  for (const p of finalProblems.slice(0, 20)) console.log(`FAIL final sweep: ${p}`);
  await h.close();
  if (failures.length || finalProblems.length) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(2);
  });
}

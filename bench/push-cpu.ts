// The push's CPU per mutation in this process, without HTTP (issue 16): 50 devices' pushes of
// 100 pqrsd creates applied through pushMutations on a SQLite file (WAL, synchronous=FULL), 5
// pushes at a time (one group, one transaction). A lever on the push path is measured here
// first, then in the server part of `npm run bench`. Run: npx tsx bench/push-cpu.ts [rounds]
// (add node's --cpu-prof through NODE_OPTIONS for a profile).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '#shared/ids';
import { pqrsdCreateSchema } from '#shared/records';
import { SqliteStore } from '../sync-server/store/sqlite-store';
import type { Actor } from '../sync-server/reconcile/reconcile-mutation';
import { pushMutations } from '../sync-server/sync/push';
import { WriteMeter } from '../sync-server/sync/batch-tx';
import { createRng } from './lib/rng';
import { filingInput } from './lib/workload';

const BATCH = 100;
const AT_ONCE = 5;
const rounds = Number(process.argv[2] ?? 20);

const rng = createRng(7);
let n = 0;
/** A push body as the route reads it (JSON text, parsed once per push). */
function body(deviceId: string): string {
  const mutations = Array.from({ length: BATCH }, () => {
    const input = filingInput(rng, n++);
    const data = pqrsdCreateSchema.parse({ ...input, provisionalNumber: `P-${deviceId.slice(-4).toUpperCase()}-${String(n).padStart(4, '0')}`, verificationCode: 'ABCDEFGH' });
    return { id: uuidv7(), kind: 'pqrsd', recordId: uuidv7(), op: 'create', baseRev: null, data, at: new Date().toISOString() };
  });
  return JSON.stringify({ deviceId, mutations });
}

const dir = mkdtempSync(join(tmpdir(), 'gel-push-cpu-'));
const store = new SqliteStore(join(dir, 'gel.db'));
await store.migrate();
const actors: Actor[] = Array.from({ length: AT_ONCE }, (_, i) => ({
  userId: `user-${i}`,
  displayName: `Funcionaria ${i}`,
  role: 'official',
  municipality: '95200',
  deviceId: uuidv7(),
  dependencia: 'Ventanilla única',
}));
const bodies = Array.from({ length: rounds + 1 }, () => actors.map((a) => body(a.deviceId)));

async function round(texts: string[]): Promise<number> {
  const answers = await Promise.all(
    actors.map((a, i) => {
      const parsed = JSON.parse(texts[i] as string) as { mutations: unknown[] };
      return pushMutations(store, a, parsed.mutations, { meter: new WriteMeter(50 * 1024 * 1024), answersTo: a.deviceId });
    }),
  );
  const applied = answers.flat().filter((r) => r.status === 'applied').length;
  if (applied !== AT_ONCE * BATCH) throw new Error(`only ${applied} applied: ${JSON.stringify(answers.flat().find((r) => r.status !== 'applied'))}`);
  return applied;
}

await round(bodies[0] as string[]);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let applied = 0;
for (const texts of bodies.slice(1)) applied += await round(texts);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await store.close();
rmSync(dir, { recursive: true, force: true });
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(`${applied} mutations in ${ms.toFixed(0)} ms: ${((applied * 1000) / ms).toFixed(0)}/s wall, CPU ${(cpuMs / applied).toFixed(3)} ms per mutation (user ${(cpu.user / 1000 / applied).toFixed(3)}, system ${(cpu.system / 1000 / applied).toFixed(3)})`);

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

// The benchmark drives the app's real modules; when they change shape it must still run
// (figures are not judged here: targets live in the benchmark, not in timed tests).
describe('benchmark smoke run', () => {
  it('runs the rural link and the PouchDB comparison on the quick workload without a failed part', async () => {
    const run = await promisify(execFile)('npx', ['tsx', 'bench/run.ts', '--quick', '--only=rural,peer'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 }).catch(
      (err: { code?: number; stdout?: string; stderr?: string }) => {
        throw new Error(`bench exited ${err.code}: ${err.stderr ?? ''}\n${err.stdout ?? ''}`);
      },
    );
    expect(run.stdout).toContain('Everything arrived');
    const results = JSON.parse(readFileSync(join(ROOT, 'bench', 'results.quick.json'), 'utf8')) as { rows: { part: string; figure: string; verdict: string }[] };
    expect(results.rows.filter((r) => r.figure === 'PART FAILED')).toEqual([]);
    expect(results.rows.find((r) => r.figure.startsWith('All documents arrived'))?.verdict).toBe('met');
  }, 300_000);
});

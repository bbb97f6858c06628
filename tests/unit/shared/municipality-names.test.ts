// No municipality is written in code: every name comes from the profile, and the only names in
// src/ and sync-server/ are the seed's (DOMAIN.md §8). Also: no code outside the profile falls
// back on the rules' default settings, so a caller cannot skip the municipality's own.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_MUNICIPALITIES } from '#shared/municipality/municipality-seed';
import { REPO_ROOT } from '../../helpers/server-process';

function sources(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.(ts|tsx|js|mjs|html|css)$/.test(e.name) ? [path] : [];
  });
}

/** Seed data: where names may be written (the municipalities, the plan, the demo accounts). */
const isSeed = (path: string) => /(^|\/)[^/]*seed[^/]*\.ts$/.test(path);
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const FILES = [...sources('src'), ...sources('sync-server')];

describe('municipality names in code', () => {
  it('reads every file of src/ and sync-server/', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES).toContain(join('src', 'shared', 'municipality', 'municipality-seed.ts'));
  });

  it('names no municipality outside seed data (case and accents aside)', () => {
    const names = Object.values(KNOWN_MUNICIPALITIES).map((m) => fold(m.name));
    expect(names).toHaveLength(4);
    const found = FILES.filter((f) => !isSeed(f)).flatMap((f) => {
      const text = fold(readFileSync(join(REPO_ROOT, f), 'utf8'));
      return names.filter((n) => text.includes(n)).map((n) => `${relative('.', f)}: ${n}`);
    });
    expect(found).toEqual([]);
  });

  it('the seed file itself is seen by the check (it would fail without the exception)', () => {
    const seed = fold(readFileSync(join(REPO_ROOT, 'src/shared/municipality/municipality-seed.ts'), 'utf8'));
    expect(Object.values(KNOWN_MUNICIPALITIES).every((m) => seed.includes(fold(m.name)))).toBe(true);
  });
});

describe('the rules run with the municipality’s settings', () => {
  it('only the profile contract uses the default settings (the rules take them as a required argument)', () => {
    const users = FILES.filter((f) => /DEFAULT_(PQRSD|TRAINING)_SETTINGS/.test(readFileSync(join(REPO_ROOT, f), 'utf8')));
    expect(users.sort()).toEqual(
      [
        join('src', 'shared', 'municipality', 'municipality-schema.ts'),
        join('src', 'shared', 'pqrsd', 'lifecycle-schema.ts'),
        join('src', 'shared', 'training', 'training-schema.ts'),
      ].sort(),
    );
  });
});

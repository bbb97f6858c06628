import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REVISION_COALESCE_MS, type PortalStatus } from '#shared/portal/portal-schema';
import { CONTEXT_CHARS, makeChange, wholeBefore } from '#shared/portal/revision-changes';
import { diffWords } from '#shared/portal/text-diff';
import { allowedPortalActions, applyPortalStep, editRefusal } from '#shared/portal/workflow';
import { isLive, publicView } from '#shared/portal/publication';
import type { Actor } from '../../../sync-server/reconcile/reconcile-mutation';
import { nextRevisionLog, revisionSlotId } from '../../../sync-server/sync/hooks/portal-revisions';

const words = (n: number, seed = 0) => Array.from({ length: n }, (_, i) => `palabra${(i * 7 + seed) % 97}`).join(' ');

describe('a history entry of a long text keeps only the changed part', () => {
  it('short values are kept whole', () => {
    expect(makeChange('title', 'Jornada', 'Jornada de salud')).toEqual({ field: 'title', before: 'Jornada', after: 'Jornada de salud' });
    expect(makeChange('tags', ['a'], ['a', 'b'])).toEqual({ field: 'tags', before: ['a'], after: ['a', 'b'] });
  });

  it('one word changed in a 100 KB text is stored in a few hundred characters, and reads as that word', () => {
    const before = words(12_000);
    const at = before.indexOf(' palabra5 ', 50_000) + 1;
    const after = `${before.slice(0, at)}lunes${before.slice(at + 'palabra5'.length)}`;
    expect(before.length).toBeGreaterThan(90_000);
    const c = makeChange('body', before, after);
    expect(JSON.stringify(c).length).toBeLessThan(2 * (2 * CONTEXT_CHARS + 100));
    expect(c.head).toBeGreaterThan(40_000);
    expect(c.tail).toBeGreaterThan(40_000);
    const parts = diffWords(c.before as string, c.after as string).filter((p) => p.op !== 'same');
    expect(parts).toEqual([
      { op: 'del', text: 'palabra5' },
      { op: 'add', text: 'lunes' },
    ]);
    expect(wholeBefore(c, after)).toEqual({ value: before });
    // A text the change did not lead to is not mistaken for it.
    expect(wholeBefore(c, `${after}x`)).toBeNull();
  });

  it('any edit of a long text: the cut is common to both sides and the whole text comes back', () => {
    fc.assert(
      fc.property(
        // Whole characters (an emoji is two UTF-16 units): the edit itself never splits one.
        fc.array(fc.constantFrom('a', 'b', ' ', '\n', 'ñ', '😀'), { minLength: 1200, maxLength: 3000 }),
        fc.nat(),
        fc.nat(),
        fc.array(fc.constantFrom('x', ' ', '😀'), { maxLength: 50 }),
        (chars, i, len, insert) => {
          const start = i % chars.length;
          const before = chars.join('');
          const after = [...chars.slice(0, start), ...insert, ...chars.slice(start + (len % 400))].join('');
          const c = makeChange('body', before, after);
          const head = c.head ?? 0;
          const tail = c.tail ?? 0;
          expect(before.slice(0, head)).toBe(after.slice(0, head));
          expect(before.slice(before.length - tail)).toBe(after.slice(after.length - tail));
          expect(after.slice(head, after.length - tail)).toBe(c.after);
          expect(wholeBefore(c, after)).toEqual({ value: before });
          // No surrogate pair is cut in two at either end.
          for (const s of [c.before as string, c.after as string]) expect(s).toBe(Buffer.from(s, 'utf8').toString('utf8'));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('edits join the latest history entry only when they follow it', () => {
  const ana: Actor = { userId: 'ana', role: 'official', municipality: '95200', deviceId: 'dev-ana-0001' };
  const luis: Actor = { ...ana, userId: 'luis', deviceId: 'dev-luis-0001' };
  const t0 = '2026-03-02T15:00:00.000Z';
  const later = (ms: number) => new Date(Date.parse(t0) + ms).toISOString();

  it('the same person right after: same entry; someone else, a step in between or a late edit: a new one', () => {
    const first = nextRevisionLog(undefined, 1, ana, t0);
    expect(first).toEqual({ count: 1, rev: 2, by: 'ana', since: t0 });
    expect(nextRevisionLog(first, 2, ana, later(60_000))).toEqual({ count: 1, rev: 3, by: 'ana', since: t0 });
    expect(nextRevisionLog(first, 2, luis, later(60_000)).count).toBe(2);
    expect(nextRevisionLog(first, 3, ana, later(60_000)).count).toBe(2); // a step moved the draft to 3
    expect(nextRevisionLog(first, 2, ana, later(REVISION_COALESCE_MS + 1)).count).toBe(2);
  });

  it('slots have fixed, distinct UUID ids per draft', () => {
    const ids = new Set(Array.from({ length: 20 }, (_, i) => revisionSlotId('018f0000-0000-7000-8000-000000000001', i)));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(revisionSlotId('a', 3)).toBe(revisionSlotId('a', 3));
  });
});

describe('who may edit and what is published', () => {
  const draft = (status: PortalStatus) => ({ status, createdBy: 'autor' });
  it('under review: its author and the committee; another official is refused', () => {
    expect(editRefusal(draft('en_revision'), { id: 'autor', role: 'official' })).toBeNull();
    expect(editRefusal(draft('en_revision'), { id: 'otro', role: 'official' })).toBe('under_review');
    expect(editRefusal(draft('en_revision'), { id: 'c', role: 'committee' })).toBeNull();
    expect(editRefusal(draft('borrador'), { id: 'otro', role: 'official' })).toBeNull();
    expect(editRefusal(draft('aprobado'), { id: 'autor', role: 'official' })).toBe('approved');
    expect(editRefusal(draft('publicado'), { id: 'c', role: 'admin' })).toBeNull();
    expect(editRefusal(draft('borrador'), { id: 'x', role: 'trainer' })).toBe('role');
  });

  it('publishing needs an approved text; withdrawing needs a live one; a live item under revision can be withdrawn', () => {
    const content = { title: 'T', summary: '', body: 'B', category: 'noticias' as const, tags: [], images: [], eventDate: null };
    const snap = { rev: 3, by: 'c', at: '2026-03-02T15:00:00.000Z', content };
    const base = { title: 'T', body: 'B nuevo' };
    expect(applyPortalStep({ ...base, status: 'aprobado', approval: null }, 'publicar', 'committee').ok).toBe(false);
    expect(applyPortalStep({ ...base, status: 'aprobado', approval: snap }, 'publicar', 'committee')).toEqual({ ok: true, status: 'publicado' });
    expect(allowedPortalActions({ ...base, status: 'en_revision', approval: null, publication: null }, 'committee')).toEqual(['devolver', 'aprobar']);
    expect(applyPortalStep({ ...base, status: 'en_revision', publication: snap }, 'retirar', 'committee')).toEqual({ ok: true, status: 'en_revision' });
    const live = { ...content, body: 'B nuevo', status: 'en_revision' as const, publication: snap };
    expect(isLive(live)).toBe(true);
    expect(publicView(live)?.body).toBe('B');
    // Items from before publications were kept apart: the status says it.
    expect(isLive({ status: 'publicado' })).toBe(true);
    expect(isLive({ status: 'publicado', publication: null })).toBe(false);
  });
});

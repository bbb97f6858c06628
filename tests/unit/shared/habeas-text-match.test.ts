import { describe, expect, it } from 'vitest';
import { freeTextValues, withValueAt } from '#shared/habeas/free-text-fields';
import { nameVariants, personMatcher, redactSpans, REDACTED_TEXT, snippetAround } from '#shared/habeas/text-match';
import { fileHashesIn } from '#shared/files/file-refs';

const terms = { names: ['María José Pérez Gómez'], idNumbers: ['1121234567'] };
const redact = (text: string, t = terms) => redactSpans(text, personMatcher(t)(text));

describe('finding a person in free text', () => {
  it('finds the ID number however it is written, and only as a whole number', () => {
    const cases: [string, string][] = [
      ['1121234567', ''],
      ['1.121.234.567', ''],
      ['1 121 234 567', ''],
      ['CC1121234567', 'CC'],
      ['C.C. 1.121.234.567', 'C.C. '],
    ];
    for (const [written, kept] of cases) expect(redact(`Firma ${written}, vecina.`), written).toBe(`Firma ${kept}${REDACTED_TEXT}, vecina.`);
    expect(redact('Cuenta 11212345678 y 21121234567')).toBe('Cuenta 11212345678 y 21121234567');
    expect(redact('Radicado 1.121.234.567.8')).toBe('Radicado 1.121.234.567.8');
    expect(redact('Tel. 3101234567, CC 1121234567. Gracias')).toBe(`Tel. 3101234567, CC ${REDACTED_TEXT}. Gracias`);
  });

  it('finds the name without regard to case or accents, whole or given name plus first surname', () => {
    expect(redact('La señora MARIA JOSE PEREZ GOMEZ pidió')).toBe(`La señora ${REDACTED_TEXT} pidió`);
    expect(redact('Atendida: maría  pérez.')).toBe(`Atendida: ${REDACTED_TEXT}.`);
    expect(redact('Habló María José Pérez')).toBe(`Habló ${REDACTED_TEXT}`);
    // Not a word inside another word, nor a single name on its own.
    expect(redact('Mariana Pérez y María vinieron; Pérezgómez no.')).toBe('Mariana Pérez y María vinieron; Pérezgómez no.');
  });

  it('merges a name and number written together into one redaction, keeping the rest', () => {
    const text = 'Solicitud de María Pérez, CC 1.121.234.567, sobre la vía.';
    const spans = personMatcher(terms)(text);
    expect(spans).toHaveLength(2);
    expect(redactSpans(text, spans)).toBe(`Solicitud de ${REDACTED_TEXT}, CC ${REDACTED_TEXT}, sobre la vía.`);
    expect(snippetAround(text, spans[1] as { start: number; end: number }, 10)).toBe('…Pérez, CC 1.121.234.567, sobre la…');
  });

  it('never matches on too little: one word, or a short document number', () => {
    expect(nameVariants('Cher')).toEqual([]);
    expect(personMatcher({ names: ['Cher'], idNumbers: ['123'] })('Cher llamó al 123')).toEqual([]);
  });

  it('reads the declared free-text fields of a record, nested ones included, and writes one back', () => {
    const event = { requestId: 'r', note: 'nota', action: { type: 'responder', answer: 'Se respondió a María Pérez', denied: false, documentName: null } };
    expect(freeTextValues('pqrsd_event', event).map((v) => v.path)).toEqual(['note', 'action.answer']);
    const conflict = { serverValue: { name: 'María Pérez', files: [{ hash: 'a'.repeat(64), name: 'cedula.jpg' }] }, clientValue: 'x' };
    expect(freeTextValues('conflict', conflict).map((v) => v.path)).toEqual(['serverValue.name', 'serverValue.files.0.name', 'clientValue']);
    const report = { observations: { '2': 'Capacitó a María Pérez' } };
    expect(freeTextValues('plan_report', report).map((v) => v.path)).toEqual(['observations.2']);
    // A reclamo's art. 15 steps carry free text too: what the titular must bring, to whom it went.
    const reclamo = { description: 'd', incomplete: { requiredOn: '2026-07-14', what: 'Copia de la cédula de María Pérez', completedOn: null }, transfer: { on: '2026-07-14', to: 'Notaría', notifiedOn: null } };
    expect(freeTextValues('data_subject_request', reclamo).map((v) => v.path)).toEqual(['description', 'incomplete.what', 'transfer.to']);
    expect(withValueAt({ a: [{ b: 'x' }, { b: 'y' }] }, 'a.1.b', 'z')).toEqual({ a: [{ b: 'x' }, { b: 'z' }] });
  });

  it("reads a portal item's text where the portal shows it from: its approved and published copies", () => {
    const content = { title: 'Acta', summary: 'María Pérez', body: '', category: 'noticias', tags: ['x'], images: [{ id: 'i', name: 'foto.png', alt: 'María', hash: 'c'.repeat(64) }], eventDate: null };
    const snapshot = { rev: 3, by: 'user-1', at: '2026-03-10T15:00:00.000Z', content };
    const paths = freeTextValues('portal_draft', { ...content, approval: snapshot, publication: snapshot }).map((v) => v.path);
    for (const prefix of ['', 'approval.content.', 'publication.content.']) {
      expect(paths).toEqual(expect.arrayContaining(['title', 'summary', 'body', 'tags.0', 'images.0.alt', 'images.0.name'].map((p) => prefix + p)));
    }
    expect(paths).toHaveLength(18);
    expect(freeTextValues('portal_draft', { ...content, approval: null, publication: null })).toHaveLength(6);
  });

  it('tells file references from hashes written in text', () => {
    const h = 'b'.repeat(64);
    expect([...fileHashesIn({ files: [{ hash: h, name: 'x' }] })]).toEqual([h]);
    expect([...fileHashesIn({ description: `ver ${h}` })]).toEqual([]);
  });
});

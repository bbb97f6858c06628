import { AppError, zodIssues } from '#shared/errors';
import type { Mention, PersonQuery, RedactRequest, RedactResult } from '#shared/habeas/api';
import { FREE_TEXT_FIELDS, freeTextValues, withValueAt } from '#shared/habeas/free-text-fields';
import type { PortalDraft } from '#shared/portal/portal-schema';
import { contentOf, publicView } from '#shared/portal/publication';
import { personMatcher, redactSpans, snippetAround, type PersonTerms } from '#shared/habeas/text-match';
import { RECORD_KIND_NAMES, RECORD_KINDS, type RecordKind } from '#shared/records';
import type { Actor } from '../reconcile/reconcile-mutation';
import type { StoredRecord, StoreTx } from '../store/store';
import { sameValue } from '../reconcile/same-value';
import { queueForCms } from '../sync/hooks/portal-hooks';
import type { HookContext } from '../sync/hooks/types';
import { saveDerived } from '../sync/hooks/types';
import { findPersonRecords, type PersonRecords, type RecordReader } from './find';
import { scrubOutbound } from './stored-copies';

/** The names the person has on their records (sealed ones included) and the document searched. */
export function termsOf(found: PersonRecords, q: PersonQuery): PersonTerms {
  const names = [
    ...found.requests.map((r) => (r.data.citizen as { name?: unknown }).name),
    ...found.officials.filter((o) => !o.data.redacted).map((o) => o.data.fullName),
    ...found.dsrs.map((d) => (d.data.person as { name?: unknown }).name),
    ...found.sealed.map((s) => s.data.name),
  ].filter((n): n is string => typeof n === 'string' && n.trim().length > 0);
  return { names: [...new Set(names)], idNumbers: [q.idNumber] };
}

interface Found {
  record: StoredRecord;
  kind: RecordKind;
  /** Concrete path → its text and the spans to redact in it. */
  fields: Map<string, { label: string; value: string; spans: { start: number; end: number }[] }>;
}

/**
 * Every free-text field of the municipality's records that names the person. A scan of every
 * record of the kinds with free text: runs on the officer's request, over thousands of records.
 */
async function scan(reader: RecordReader, municipality: string, terms: PersonTerms): Promise<{ found: Found[]; radicados: Map<string, string> }> {
  const match = personMatcher(terms);
  const found: Found[] = [];
  const radicados = new Map<string, string>();
  for (const kind of RECORD_KIND_NAMES) {
    if (FREE_TEXT_FIELDS[kind].length === 0) continue;
    for (const record of await reader.recordsOfKind(municipality, kind)) {
      if (kind === 'pqrsd') radicados.set(record.id, String(record.data.radicado ?? record.data.provisionalNumber ?? ''));
      const fields: Found['fields'] = new Map();
      for (const v of freeTextValues(kind, record.data)) {
        const spans = match(v.value);
        if (spans.length > 0) fields.set(v.path, { label: v.label, value: v.value, spans });
      }
      if (fields.size > 0) found.push({ record, kind, fields });
    }
  }
  return { found, radicados };
}

function asMentions(found: Found[], radicados: Map<string, string>): Mention[] {
  return found.flatMap(({ record, kind, fields }) => {
    const requestId = kind === 'pqrsd' ? record.id : kind === 'pqrsd_event' ? String(record.data.requestId) : null;
    const label = (requestId && radicados.get(requestId)) || null;
    return [...fields].map(([field, f]) => ({ kind, id: record.id, label, field, fieldLabel: f.label, snippets: f.spans.map((s) => snippetAround(f.value, s)) }));
  });
}

/** The free-text mentions of the person, for the search and suppression answers. */
export async function findMentions(reader: RecordReader, municipality: string, q: PersonQuery): Promise<Mention[]> {
  const terms = termsOf(await findPersonRecords(reader, municipality, q), q);
  const { found, radicados } = await scan(reader, municipality, terms);
  return asMentions(found, radicados);
}

/**
 * The record with its chosen fields redacted, valid for its kind. The marker can be longer than
 * what it replaces: a field that would pass its length limit is cut at the limit.
 */
function redactedData(kind: RecordKind, data: Record<string, unknown>, edits: [string, string][], ref: { kind: string; id: string }): Record<string, unknown> {
  let next = data;
  for (const [path, text] of edits) next = withValueAt(next, path, text);
  const schema = RECORD_KINDS[kind].schema;
  let valid = schema.safeParse(next);
  if (!valid.success) {
    for (const issue of valid.error.issues) {
      const path = issue.path.join('.');
      const edit = edits.find(([p]) => p === path);
      if (issue.code === 'too_big' && edit && typeof issue.maximum === 'number') next = withValueAt(next, path, edit[1].slice(0, Number(issue.maximum)));
    }
    valid = schema.safeParse(next);
  }
  if (!valid.success) throw new AppError('VALIDATION_FAILED', 'La supresión en el texto dejaría un registro inválido', { ...ref, issues: zodIssues(valid.error) });
  return next;
}

/**
 * A portal item whose public text changed: the external CMS gets the redacted text too (the
 * portal itself reads it from the record).
 */
async function republish(tx: StoreTx, ctx: HookContext, municipality: string, before: Record<string, unknown>, after: Record<string, unknown>, at: string): Promise<void> {
  const shown = publicView(after as PortalDraft);
  const was = publicView(before as PortalDraft);
  if (!shown || (was && sameValue(contentOf(was), contentOf(shown)))) return;
  await queueForCms(tx, ctx, municipality, 'publish', { ...shown, status: 'publicado' }, at);
}

/**
 * Replaces the person's name and ID number with "[suprimido]" in every chosen free-text field,
 * all or nothing, in the caller's transaction: each record changed is a new server revision,
 * so every device pulls the redacted text.
 *
 * A portal item's approved and published copies are redacted in place, without a new approval
 * and without reopening its review: deleting a person's data from what is published is a legal
 * obligation (Ley 1581 de 2012), not an editorial change, and the item must not go off the
 * portal meanwhile. The habeas.redact audit entry names each field changed; the external CMS
 * gets the redacted item (and its earlier queued copies are redacted too).
 */
export async function redactMentions(tx: StoreTx, actor: Actor, body: RedactRequest, at: string, ctx: HookContext): Promise<Omit<RedactResult, 'mentions'>> {
  // Someone with no record here may still be named in one: the document alone is searched then.
  const person = await findPersonRecords(tx, actor.municipality, body);
  const chosen = body.fields ? new Set(body.fields.map((f) => `${f.kind}/${f.id}/${f.field}`)) : null;
  const terms = termsOf(person, body);
  const { found } = await scan(tx, actor.municipality, terms);
  const redacted: RedactResult['redacted'] = [];
  const drafts = new Set<string>();
  for (const { record, kind, fields } of found) {
    const edits = [...fields]
      .filter(([path]) => !chosen || chosen.has(`${kind}/${record.id}/${path}`))
      .map(([path, f]) => [path, redactSpans(f.value, f.spans)] as [string, string]);
    if (edits.length === 0) continue;
    const data = redactedData(kind, record.data, edits, { kind, id: record.id });
    const top = [...new Set(edits.map(([path]) => path.split('.')[0] as string))];
    await saveDerived(tx, record, data, top, actor, at);
    redacted.push({ kind, id: record.id, fields: edits.map(([path]) => path) });
    if (kind === 'portal_draft') {
      drafts.add(record.id);
      await republish(tx, ctx, actor.municipality, record.data, data, at);
    }
  }
  await scrubOutbound(tx, actor.municipality, drafts, terms);
  return { redacted };
}

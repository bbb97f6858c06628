// Copies of a person's data kept outside the records: the stored answers of changes (receipts,
// replayed to a device that lost the first answer) and what was queued for the external CMS.
// Suppression reaches them too, or the database would keep what every record lost.
import { normaliseIdForMatch } from '#shared/habeas/redaction-schema';
import { personMatcher, redactSpans, type PersonTerms } from '#shared/habeas/text-match';
import type { StoreTx } from '../store/store';

/** More receipts than one person's changes ever made: one query stays bounded. */
const MAX_RECEIPTS = 100_000;

type Matcher = ReturnType<typeof personMatcher>;

/** Record ids and file hashes: never prose, though a run of their hex digits may look like an ID number. */
const IDENTIFIER = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64})$/i;

/** `value` with every mention in its strings replaced; `changed` says whether any was. */
function redacted(value: unknown, match: Matcher): { value: unknown; changed: boolean } {
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (IDENTIFIER.test(v)) return v;
      const spans = match(v);
      if (spans.length === 0) return v;
      changed = true;
      return redactSpans(v, spans);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value), changed };
}

/**
 * Receipts whose result holds the person's ID number or name (a value the server once set on
 * their record, e.g. the ID number of a roster entry), rewritten with "[suprimido]". Found by
 * the values as stored (the ID number without dots, the names as written) and redacted with
 * the free-text matcher. Answers how many were rewritten.
 */
export async function scrubReceipts(tx: StoreTx, municipality: string, terms: PersonTerms): Promise<number> {
  const texts = [...new Set([...terms.idNumbers.flatMap((n) => [n, normaliseIdForMatch(n)]), ...terms.names])].filter((t) => t.trim().length > 0);
  const match = personMatcher(terms);
  let n = 0;
  for (const receipt of await tx.receiptsMentioning(municipality, texts, MAX_RECEIPTS)) {
    // Values are in what the server set and in a refusal's message; the rest is bookkeeping.
    const { result } = receipt;
    const next = result.status === 'rejected' ? redacted(result.error, match) : redacted(result.serverFields, match);
    if (!next.changed) continue;
    const rewritten = result.status === 'rejected' ? { ...result, error: next.value as typeof result.error } : { ...result, serverFields: next.value as Record<string, unknown> };
    await tx.setReceiptResult(receipt.mutationId, rewritten);
    n++;
  }
  return n;
}

/**
 * Items of these portal drafts queued for (or already sent to) the external CMS, their text
 * redacted like the drafts' own. A fresh "publish" of the redacted text is queued separately.
 */
export async function scrubOutbound(tx: StoreTx, municipality: string, draftIds: ReadonlySet<string>, terms: PersonTerms): Promise<number> {
  if (draftIds.size === 0) return 0;
  const match = personMatcher(terms);
  let n = 0;
  for (const row of await tx.outboundPayloads(municipality)) {
    const item = (row.payload as { item?: { id?: unknown } } | null)?.item;
    if (typeof item?.id !== 'string' || !draftIds.has(item.id)) continue;
    const next = redacted(row.payload, match);
    if (!next.changed) continue;
    await tx.setOutboundPayload(row.id, next.value);
    n++;
  }
  return n;
}

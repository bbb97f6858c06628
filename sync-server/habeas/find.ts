import type { Dossier, DossierItem, PersonQuery } from '#shared/habeas/api';
import { normaliseIdForMatch } from '#shared/habeas/redaction-schema';
import type { StoredRecord } from '../store/store';
import { SEALED_KIND } from './sealed';

/** Store and StoreTx both read a kind whole: the search runs alone or inside a change. */
export interface RecordReader {
  recordsOfKind(municipality: string, kind: string): Promise<StoredRecord[]>;
}

const item = (r: StoredRecord): DossierItem => ({ kind: r.kind, id: r.id, rev: r.rev, updatedAt: r.updatedAt, data: r.data });

function sameDocument(q: PersonQuery, idType: unknown, idNumber: unknown): boolean {
  return idType === q.idType && typeof idNumber === 'string' && normaliseIdForMatch(idNumber) === normaliseIdForMatch(q.idNumber);
}

/** The records behind a dossier, as stored (rectify and anonymise change them). */
export interface PersonRecords {
  requests: StoredRecord[];
  officials: StoredRecord[];
  dsrs: StoredRecord[];
  sealed: StoredRecord[];
}

/**
 * Every record of the municipality that holds the person's document: requests they filed,
 * their roster entry, their data-subject requests, and records anonymised earlier (found
 * through the sealed copy of their name and ID). A scan per kind: a municipality holds
 * thousands of records, not millions, and this runs on an officer's request.
 */
export async function findPersonRecords(reader: RecordReader, municipality: string, q: PersonQuery): Promise<PersonRecords> {
  const sealed = (await reader.recordsOfKind(municipality, SEALED_KIND)).filter((s) => sameDocument(q, s.data.idType, s.data.idNumber));
  const sealedIds = (kind: string) => new Set(sealed.filter((s) => s.data.kind === kind).map((s) => String(s.data.recordId)));
  const sealedRequests = sealedIds('pqrsd');
  const sealedOfficials = sealedIds('official');
  const requests = (await reader.recordsOfKind(municipality, 'pqrsd')).filter((r) => {
    const c = r.data.citizen as { idType?: unknown; idNumber?: unknown };
    return sealedRequests.has(r.id) || sameDocument(q, c.idType, c.idNumber);
  });
  const officials = (await reader.recordsOfKind(municipality, 'official')).filter(
    (r) => sealedOfficials.has(r.id) || (!r.data.redacted && sameDocument(q, r.data.idType, r.data.idNumber)),
  );
  const dsrs = (await reader.recordsOfKind(municipality, 'data_subject_request')).filter((r) => {
    const p = r.data.person as { idType?: unknown; idNumber?: unknown };
    return sameDocument(q, p.idType, p.idNumber);
  });
  const byTime = (a: StoredRecord, b: StoredRecord) => (a.id < b.id ? -1 : 1);
  return { requests: requests.sort(byTime), officials: officials.sort(byTime), dsrs: dsrs.sort(byTime), sealed };
}

export async function buildDossier(reader: RecordReader, municipality: string, q: PersonQuery, now: Date = new Date()): Promise<Dossier> {
  const found = await findPersonRecords(reader, municipality, q);
  const requestIds = new Set(found.requests.map((r) => r.id));
  const officialIds = new Set(found.officials.map((r) => r.id));
  const events = requestIds.size ? (await reader.recordsOfKind(municipality, 'pqrsd_event')).filter((e) => requestIds.has(String(e.data.requestId))) : [];
  const marks = officialIds.size ? (await reader.recordsOfKind(municipality, 'attendance_mark')).filter((a) => officialIds.has(String(a.data.officialId))) : [];
  const evaluations = officialIds.size ? (await reader.recordsOfKind(municipality, 'evaluation')).filter((e) => officialIds.has(String(e.data.officialId))) : [];
  const of = (list: StoredRecord[], field: string, id: string) => list.filter((x) => String(x.data[field]) === id).map(item);
  return {
    person: { idType: q.idType, idNumber: normaliseIdForMatch(q.idNumber) },
    municipality,
    generatedAt: now.toISOString(),
    requests: found.requests.map((r) => ({ request: item(r), events: of(events, 'requestId', r.id) })),
    officials: found.officials.map((o) => ({ official: item(o), attendance: of(marks, 'officialId', o.id), evaluations: of(evaluations, 'officialId', o.id) })),
    dataSubjectRequests: found.dsrs.map(item),
    sealed: found.sealed.map(item),
  };
}

/** Ids of everything in a dossier, for the audit entry (identifiers only, never values). */
export function dossierRecordIds(d: Dossier): string[] {
  return [
    ...d.requests.flatMap((r) => [r.request.id, ...r.events.map((e) => e.id)]),
    ...d.officials.flatMap((o) => [o.official.id, ...o.attendance.map((a) => a.id), ...o.evaluations.map((e) => e.id)]),
    ...d.dataSubjectRequests.map((x) => x.id),
    ...d.sealed.map((s) => s.id),
  ];
}

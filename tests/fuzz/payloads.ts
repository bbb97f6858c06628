// fast-check generators of malformed and edge-case requests for every route of ACCESS_MATRIX.
// A case is plain data (no tokens): the harness turns `auth` into a header at run time.
import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { MUNICIPALITY_PROFILE_ID } from '#shared/municipality/municipality-schema';
import fc from 'fast-check';
import { ROLES, type Role } from '#shared/roles';
import { RECORD_KIND_NAMES, type RecordKind, type UpdatableKind } from '#shared/records';
import { ACCESS_MATRIX, type RouteKey } from '../../sync-server/http/access-matrix';
import { categorySettingId } from '#shared/portal/portal-schema';
import { gelPhaseId, planActionId } from '#shared/plan/plan-seed';
import { fromBase64Url } from '#shared/crypto/hmac';
import { sealedText } from '#shared/transfer/seal';
import { uuidv7 } from '#shared/ids';
import { createMutation } from '../helpers/fixtures';
import { jsonBody, mostlyValid, nastyString, nastyValue, perturb, perturbMany } from './bodies';

export const ROUTE_KEYS = Object.keys(ACCESS_MATRIX) as RouteKey[];

/** Ids of records the harness creates before fuzzing, so references and updates can hit real rows. */
export interface Refs {
  pqrsd: string;
  course: string;
  official: string;
  session: string;
  draft: string;
  report: string;
  /** A data-subject request (habeas data). */
  dsr: string;
  blobHash: string;
  /** The device id push cases name; the harness gives each role its own (an id has one user). */
  deviceId: string;
  /** A real user, so an import's author check passes. */
  userId: string;
  /** That user's device and its export key, so some imported files carry a seal that verifies. */
  exportDevice: { id: string; key: string };
}

/** Refs with a fresh id for every record (for tests that build bases without a harness run). */
export function freshRefs(device: Pick<Refs, 'deviceId' | 'userId' | 'exportDevice'>): Refs {
  return { pqrsd: uuidv7(), course: uuidv7(), official: uuidv7(), session: uuidv7(), draft: uuidv7(), report: uuidv7(), dsr: uuidv7(), blobHash: 'a'.repeat(64), ...device };
}

/** An export file sealed as the device would (HMAC-SHA256 of the canonical text), synchronously. */
function sealed(file: Record<string, unknown>, key: string): Record<string, unknown> {
  const mac = createHmac('sha256', Buffer.from(fromBase64Url(key))).update(sealedText(file)).digest('base64url');
  return { ...file, seal: { alg: 'HMAC-SHA256', mac } };
}

export type Auth = { kind: 'none' } | { kind: 'role'; role: Role } | { kind: 'raw'; header: string };

export interface FuzzCase {
  route: RouteKey;
  method: string;
  /** Path and query, already encoded as sent. */
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
  auth: Auth;
}

const AT = '2026-03-12T15:00:00.000Z';
/** The official of the harness's roster (kindBases), as the habeas routes look them up. */
const FUZZ_PERSON = { idType: 'CC', idNumber: '52.345.678' };

// ---------- auth, paths, queries ----------
const GARBAGE_AUTH = [
  'Bearer', 'Bearer ', 'Bearer x', 'bearer ' + 'A'.repeat(43), 'Basic YWRtaW46bWlyYWZsb3JlczIwMjY=', 'Bearer a b',
  'Bearer \u0000', 'Bearer ' + 'x'.repeat(10_000), 'Token abc', 'Bearer null', 'Bearer undefined', 'Bearer ../../',
];
export function authArb(who: (typeof ACCESS_MATRIX)[RouteKey]['who']): fc.Arbitrary<Auth> {
  const role = fc.constantFrom(...ROLES).map((r): Auth => ({ kind: 'role', role: r }));
  const garbage = fc.oneof(fc.constantFrom(...GARBAGE_AUTH), fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`))
    .filter((h) => /^[\t\x20-\x7e]*$/.test(h)) // what a Headers object accepts
    .map((header): Auth => ({ kind: 'raw', header }));
  const none = fc.constant<Auth>({ kind: 'none' });
  return who === 'public'
    ? fc.oneof({ weight: 4, arbitrary: none }, { weight: 1, arbitrary: role }, { weight: 1, arbitrary: garbage })
    : fc.oneof({ weight: 6, arbitrary: role }, { weight: 1, arbitrary: none }, { weight: 1, arbitrary: garbage });
}

/** Path segments, encoded as a client (or an attacker) would put them in the URL. */
export const pathParam: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('..', '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2f', '..%5c..%5c', '%00', '%2F', 'a%2Fb', '%E2%80%AE', '%ED%A0%80',
    '%', '%zz', 'x'.repeat(3000), '0'.repeat(64), 'F'.repeat(64), '0'.repeat(63) + 'g', 'noticias', 'constructor', '__proto__'),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: 60, maxLength: 68 }),
  nastyString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'))),
);
const queryString: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  fc.dictionary(fc.constantFrom('q', 'radicado', 'codigo', 'code', 'offset', 'page', 'cursor', '__proto__', 'constructor'), pathParam, { maxKeys: 3 })
    .map((d) => '?' + Object.entries(d).map(([k, v]) => `${k}=${v}`).join('&')),
  fc.constantFrom('?q', '?q=&q=&q=', '?offset=-1', '?offset=1e999', '?a[b][c]=1', '?%zz=%zz', '?' + 'q=x&'.repeat(500)),
);

// ---------- sync push ----------
/**
 * A create body for every kind, valid for each kind a device may create (tests/unit/shared/
 * kind-specs.test.ts parses them); references point at the harness's records. Typed by kind:
 * a new kind does not compile until it has its base.
 */
export function kindBases(r: Refs): { [K in RecordKind]: Record<string, unknown> } {
  return {
    pqrsd: createMutation().data,
    pqrsd_event: { requestId: r.pqrsd, date: '2026-03-11', note: 'Inicio', action: { type: 'iniciar_tramite' } },
    official: { idType: 'CC', idNumber: '52345678', fullName: 'Ana Gómez Ruiz', dependencia: 'Hacienda', position: '', active: true },
    course: { semester: '2026-1', name: 'Ofimática básica', topics: ['Word'], hours: 20, scaleMax: 5, passThreshold: 3 },
    training_session: { courseId: r.course, date: '2026-03-12', startTime: '08:00', endTime: '10:00', place: 'Alcaldía', trainer: 'Capacitador', convened: [r.official] },
    attendance_mark: { sessionId: r.session, officialId: r.official, status: 'present', markedAt: AT, signature: null, legalBasisVersion: '1' },
    evaluation: { courseId: r.course, officialId: r.official, score: 4, takenOn: '2026-03-12', recordedAt: AT },
    portal_category: { category: 'noticias', frequencyDays: 7 },
    portal_draft: { title: 'Jornada', summary: '', body: 'Texto', category: 'noticias', tags: ['salud'], images: [], eventDate: null },
    portal_step: { draftId: r.draft, action: 'enviar_revision', note: '', at: AT },
    portal_revision: { draftId: r.draft },
    plan_action: { number: 1, name: 'Conectividad', frequency: 'monthly', unit: '%' },
    plan_goal: { action: 1, period: '2026-1', value: 50, setAt: AT },
    computer: { code: 'PC-01', dependencia: 'Secretaría', description: '', active: true },
    plan_measurement: { action: 4, period: '2026-1', recordedOn: '2026-03-12', recordedAt: AT, data: { kind: 'budget', gelLineCop: 1000, totalBudgetCop: 5000 } },
    gel_phase: { status: 'en_progreso' },
    plan_report: { semester: '2026-1', observations: { '1': 'Bien' }, summary: '' },
    plan_signoff: { reportId: r.report, at: AT },
    data_subject_request: {
      type: 'consulta',
      right: 'conocer',
      channel: 'escrito',
      receivedOn: '2026-03-12',
      person: { idType: 'CC', idNumber: '52345678', name: 'María Pérez Gómez', address: 'Calle 5 # 3-20', email: '', phone: '' },
      description: 'Pide conocer qué datos suyos tiene la alcaldía',
      extension: null,
      answer: null,
    },
    municipality_profile: { phone: '601 000 0000' },
    conflict: { resolved: true, resolution: 'server' },
  };
}

/** A valid patch and an existing record for every kind a device may update. */
export function updateTargets(r: Refs): { [K in UpdatableKind]: { id: string; patch: Record<string, unknown> } } {
  return {
    pqrsd: { id: r.pqrsd, patch: { subject: 'Asunto corregido' } },
    official: { id: r.official, patch: { fullName: 'Ana María Gómez', activeSince: '2026-01-01' } },
    course: { id: r.course, patch: { hours: 30, passThreshold: 4 } },
    training_session: { id: r.session, patch: { place: 'Biblioteca', endTime: '11:00' } },
    portal_category: { id: categorySettingId('noticias'), patch: { frequencyDays: 14 } },
    portal_draft: { id: r.draft, patch: { title: 'Nuevo título', tags: ['a'] } },
    plan_action: { id: planActionId(1), patch: { name: 'Conectividad total' } },
    gel_phase: { id: gelPhaseId(1), patch: { status: 'en_progreso' } },
    plan_report: { id: r.report, patch: { summary: 'Resumen' } },
    computer: { id: r.course, patch: { active: false } },
    data_subject_request: { id: r.dsr, patch: { description: 'Pide conocer y actualizar sus datos' } },
    municipality_profile: { id: MUNICIPALITY_PROFILE_ID, patch: { phone: '601 000 0000' } },
    conflict: { id: r.draft, patch: { resolved: true, resolution: 'client' } },
  };
}

const uuid = fc.uuid({ version: [4, 7] });
const kindName = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...RECORD_KIND_NAMES) }, { weight: 1, arbitrary: nastyString });

export function mutationArb(r: Refs): fc.Arbitrary<unknown> {
  const bases: Record<string, Record<string, unknown>> = kindBases(r);
  const targets = updateTargets(r);
  const create = kindName.chain((kind) => {
    const base = bases[kind] ?? {};
    const data = fc.oneof({ weight: 1, arbitrary: fc.constant(base) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }).chain((n) => perturbMany(base, n)) });
    const recordId = kind === 'official' ? fc.oneof(fc.constant(r.official), uuid) : uuid;
    return fc.record({ id: uuid, kind: fc.constant(kind), recordId, op: fc.constant('create'), baseRev: fc.constant(null), data, at: fc.constant(AT) });
  });
  const update = fc.constantFrom(...(Object.keys(targets) as UpdatableKind[])).chain((kind) => {
    const t = targets[kind];
    const data = fc.oneof(fc.constant(t.patch), perturb(t.patch), perturb(bases[kind] ?? {}));
    const baseRev = fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constantFrom<unknown>(0, null, -1, 1.5, 1e20, '1'));
    return fc.record({ id: uuid, kind: fc.constant(kind), recordId: fc.oneof(fc.constant(t.id), uuid), op: fc.constant('update'), baseRev, data, at: fc.constant(AT) });
  });
  const envelopeBroken = fc.oneof(create, update).chain((m) => perturb(m as Record<string, unknown>));
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(null).map(() => createMutation()) },
    { weight: 5, arbitrary: create },
    { weight: 4, arbitrary: update },
    { weight: 2, arbitrary: envelopeBroken },
    { weight: 1, arbitrary: nastyValue },
  );
}

/**
 * A well-formed push whose one mutation carries data nested thousands of arrays deep (plain or
 * gzip): once a 500 from a recursive walk of it (the budget's JSON.stringify); the body reader
 * must refuse it before anything walks it.
 */
function deepMutationData(r: Refs): ReturnType<typeof jsonBody> {
  return fc.tuple(fc.integer({ min: 65, max: 20_000 }), uuid, uuid, fc.boolean()).map(([depth, id, recordId, gzip]) => {
    const data = '['.repeat(depth) + ']'.repeat(depth);
    const text = `{"deviceId":${JSON.stringify(r.deviceId)},"mutations":[{"id":"${id}","kind":"pqrsd","recordId":"${recordId}","op":"create","baseRev":null,"data":${data},"at":"${AT}"}]}`;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(gzip ? { 'content-encoding': 'gzip' } : {}) };
    return { body: gzip ? new Uint8Array(gzipSync(text)) : text, headers };
  });
}

// ---------- per route ----------
type Parts = { url: fc.Arbitrary<string>; body?: (r: Refs) => ReturnType<typeof jsonBody> };
const fixed = (u: string): fc.Arbitrary<string> => fc.tuple(fc.constant(u), queryString).map(([p, q]) => p + q);
const withParam = (prefix: string, suffix = ''): fc.Arbitrary<string> =>
  fc.tuple(pathParam, queryString).map(([p, q]) => `${prefix}${p}${suffix}${q}`);

function routeParts(key: RouteKey, r: Refs): Parts {
  const hashUrl = (prefix: string, suffix = '') => fc.oneof(withParam(prefix, suffix), fc.constant(`${prefix}${r.blobHash}${suffix}`));
  switch (key) {
    case 'GET /api/health': return { url: fixed('/api/health') };
    case 'POST /api/auth/login':
      return { url: fixed('/api/auth/login'), body: () => fc.record({ username: fc.constantFrom('admin', 'nadie', 'ADMIN '), password: fc.constantFrom('x', 'miraflores2026'), deviceId: fc.constant('device-0001') }).chain(jsonBody) };
    case 'GET /api/auth/me': return { url: fixed('/api/auth/me') };
    case 'POST /api/auth/logout': return { url: fixed('/api/auth/logout'), body: () => jsonBody({}) };
    case 'POST /api/auth/logout-all': return { url: fixed('/api/auth/logout-all'), body: () => jsonBody({}) };
    case 'POST /api/auth/refresh': return { url: fixed('/api/auth/refresh'), body: () => jsonBody({}) };
    case 'POST /api/sync/push':
      return {
        url: fixed('/api/sync/push'),
        body: (r) =>
          fc.oneof(
            { weight: 12, arbitrary: fc.array(mutationArb(r), { maxLength: 12 }).chain((mutations) => mostlyValid({ deviceId: r.deviceId, mutations })) },
            { weight: 1, arbitrary: deepMutationData(r) },
          ),
      };
    case 'POST /api/sync/pull':
      return { url: fixed('/api/sync/pull'), body: () => fc.record({ cursor: fc.constantFrom(null, '0', '5', '999999999999999999'), limit: fc.constantFrom(1, 500, 2000) }).chain(jsonBody) };
    case 'GET /api/admin/users': return { url: fixed('/api/admin/users') };
    case 'POST /api/admin/users':
      return {
        url: fixed('/api/admin/users'),
        body: () => fc.record({ username: fc.constantFrom('nuevo.user', 'admin', 'x'), displayName: fc.constant('Nueva Persona'), role: fc.constantFrom(...ROLES), municipality: fc.constantFrom('95200', '11001'), password: fc.constant('una-clave-larga-2026') }).chain(jsonBody),
      };
    case 'POST /api/admin/import':
      return {
        url: fixed('/api/admin/import'),
        body: (r) =>
          fc.tuple(fc.array(mutationArb(r), { maxLength: 5 }), fc.constantFrom(1, 2, 2, 2)).chain(([mutations, version]) => {
            const file = { format: 'gel-campo/pendientes', version, exportedAt: AT, deviceId: r.exportDevice.id, user: { id: r.userId, username: 'funcionario', municipality: '95200' }, mutations, refused: [], files: [] };
            return mostlyValid(version === 2 ? sealed(file, r.exportDevice.key) : file);
          }),
      };
    case 'GET /api/admin/devices': return { url: fixed('/api/admin/devices') };
    case 'POST /api/admin/devices/:deviceId/revoke': return { url: withParam('/api/admin/devices/', '/revoke'), body: () => jsonBody({}) };
    case 'PATCH /api/admin/devices/:deviceId': return { url: withParam('/api/admin/devices/'), body: () => mostlyValid({ name: 'Tableta de la ventanilla' }) };
    case 'POST /api/blobs/:hash/start':
      return {
        url: hashUrl('/api/blobs/', '/start'),
        body: () => fc.record({ size: fc.constantFrom(1, 10, 1000, 2 ** 40), type: fc.constantFrom('image/png', 'text/plain', '../x'), name: fc.constantFrom('a.png', '../../etc/passwd', '\u202egnp.exe') }).chain(jsonBody),
      };
    case 'PUT /api/blobs/:hash': return { url: fc.tuple(hashUrl('/api/blobs/'), fc.constantFrom('?offset=0', '?offset=5', '?offset=-1', '?offset=abc', '')).map(([u, o]) => u.split('?')[0] + o) };
    case 'GET /api/blobs/:hash': return { url: hashUrl('/api/blobs/') };
    case 'POST /api/habeas/search': return { url: fixed('/api/habeas/search'), body: () => mostlyValid(FUZZ_PERSON) };
    case 'POST /api/habeas/anonymise':
      return { url: fixed('/api/habeas/anonymise'), body: (r) => fc.constantFrom(undefined, [r.official], [r.pqrsd]).chain((recordIds) => mostlyValid({ ...FUZZ_PERSON, reason: 'Reclamo de supresión', recordIds })) };
    case 'POST /api/habeas/redact':
      return {
        url: fixed('/api/habeas/redact'),
        body: (r) =>
          fc.constantFrom(undefined, [{ kind: 'pqrsd', id: r.pqrsd, field: 'description' }], [{ kind: 'course', id: r.course, field: 'topics.0' }]).chain((fields) =>
            mostlyValid({ ...FUZZ_PERSON, reason: 'Supresión en texto libre', fields })),
      };
    case 'ALL /api/*': return { url: withParam('/api/') };
    case 'GET /portal': return { url: fixed('/portal') };
    case 'GET /portal/portal.css': return { url: fixed('/portal/portal.css') };
    case 'GET /portal/consulta': return { url: fixed('/portal/consulta') };
    case 'GET /portal/transparencia': return { url: fixed('/portal/transparencia') };
    case 'GET /portal/categoria/:key': return { url: withParam('/portal/categoria/') };
    case 'GET /portal/contenido/:slug': return { url: withParam('/portal/contenido/') };
    case 'GET /portal/buscar': return { url: fixed('/portal/buscar') };
    case 'GET /portal/secciones-al-dia': return { url: fixed('/portal/secciones-al-dia') };
    case 'GET /portal/archivo/:hash': return { url: hashUrl('/portal/archivo/') };
    case 'GET /portal/feed.atom': return { url: fixed('/portal/feed.atom') };
    case 'GET /sitemap.xml': return { url: fixed('/sitemap.xml') };
    case 'GET /*': return { url: withParam('/') };
    default: {
      // A route added to the matrix after this file: its path with each :param fuzzed.
      const path = (key as string).split(' ')[1] ?? '/';
      return { url: fc.tuple(pathParam, queryString).map(([p, q]) => path.replace(/:\w+|\*/g, p) + q), body: () => jsonBody({}) };
    }
  }
}

const headerValue = fc.oneof(
  fc.constantFrom('', '-1', '1e999', 'NaN', '9'.repeat(400), 'x'.repeat(5000), '../../x', '0'),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)), maxLength: 80 }),
);
/** Headers the sync routes read (device id, pending count, app version), with junk in them. */
const extraHeaders = fc.dictionary(fc.constantFrom('x-device-id', 'x-pending-count', 'x-app-version', 'x-forwarded-for'), headerValue, { maxKeys: 3 });

/** One byte over the largest chunk a PUT accepts (shared: cases are many). */
const BIG_CHUNK = new Uint8Array(1024 * 1024 + 1);
/** Chunks that begin like an allowed file, or like one that must be refused (markup, scripts). */
const SIGNATURES = [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff], [...'RIFF\0\0\0\0WEBP'], [...'%PDF-'], [...'<svg '], [...'<html>'], [...'GIF89a']].map((s) =>
  s.map((x) => (typeof x === 'string' ? x.charCodeAt(0) : x)),
);
const signed = fc.tuple(fc.constantFrom(...SIGNATURES), fc.uint8Array({ maxLength: 32 })).map(([sig, rest]) => Uint8Array.from([...sig, ...rest]));
const OTHER_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

/** Every case of one route: mostly its own method, sometimes another method with a body it does not expect. */
export function routeCaseArb(key: RouteKey, refs: Refs): fc.Arbitrary<FuzzCase> {
  const [m] = key.split(' ') as [string];
  const parts = routeParts(key, refs);
  const own = m === 'ALL' ? fc.constantFrom(...OTHER_METHODS) : fc.constant(m);
  const method = fc.oneof({ weight: 9, arbitrary: own }, { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) });
  const body = parts.body
    ? parts.body(refs)
    : fc.oneof({ weight: 3, arbitrary: fc.constant({ body: null, headers: {} }) }, { weight: 1, arbitrary: jsonBody({ x: 1 }) });
  const chunk = fc.oneof(fc.uint8Array({ maxLength: 64 }), signed, fc.constant(BIG_CHUNK));
  const bodyFor = key === 'PUT /api/blobs/:hash' ? chunk.map((b) => ({ body: b as Uint8Array | null, headers: { 'content-type': 'application/octet-stream' } })) : body;
  return fc.record({ method, url: parts.url, b: bodyFor, auth: authArb(ACCESS_MATRIX[key].who), gzipAnswer: fc.boolean(), extra: extraHeaders }).map(({ method, url, b, auth, gzipAnswer, extra }) => ({
    route: key,
    method,
    url,
    headers: { ...extra, ...(gzipAnswer ? { ...b.headers, 'accept-encoding': 'gzip' } : b.headers) },
    body: method === 'GET' || method === 'HEAD' ? null : b.body,
    auth,
  }));
}

/** Cases spread evenly over all routes of ACCESS_MATRIX (push twice as often: it is the widest surface). */
export function fuzzCaseArb(refs: Refs): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    ...ROUTE_KEYS.map((k) => ({ weight: k === 'POST /api/sync/push' ? 2 : 1, arbitrary: routeCaseArb(k, refs) })),
  );
}

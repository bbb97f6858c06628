import { Hono, type Context } from 'hono';
import { AppError } from '../../src/shared/errors';
import {
  anonymiseRequestSchema,
  exportRequestSchema,
  personQuerySchema,
  rectifyRequestSchema,
  redactRequestSchema,
  type AnonymiseResult,
  type Dossier,
  type RedactResult,
} from '../../src/shared/habeas/api';
import { CSV_MIME } from '../../src/shared/export/csv';
import { dossierCsv } from '../../src/shared/habeas/dossier-csv';
import { anonymisePerson } from '../habeas/anonymise';
import { habeasActor } from '../habeas/actor';
import { buildDossier, dossierRecordIds } from '../habeas/find';
import { findMentions, redactMentions } from '../habeas/mentions';
import type { FileRemover } from '../habeas/person-files';
import { rectifyPerson } from '../habeas/rectify';
import type { AuditEntry, Store } from '../store/store';
import type { AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson, type BodyLimits } from './read-body';

/**
 * Habeas data (Ley 1581 de 2012): the data-protection officer (role admin) finds, exports,
 * corrects and deletes one person's data, online against the server, own municipality only.
 * Every call is audited with who, when and from which device; the entry names records and
 * fields, never the ID number or any value (the audit log cannot be erased, so personal data
 * written there could never be deleted).
 */
export function habeasRoutes(store: Store, limits: BodyLimits, files: FileRemover | null = null): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const entry = async (c: Context<AppEnv>, action: string, detail: Record<string, unknown>, at = new Date().toISOString()): Promise<AuditEntry> => {
    const user = c.get('user');
    return { at, municipality: user.municipality, userId: user.id, deviceId: c.get('deviceId'), action, kind: null, recordId: null, detail };
  };
  const summary = (d: Dossier) => ({
    requests: d.requests.length,
    officials: d.officials.length,
    dataSubjectRequests: d.dataSubjectRequests.length,
    sealed: d.sealed.length,
    recordIds: dossierRecordIds(d),
  });
  /** A refused change is audited too, in its own entry (the change's transaction rolled back). */
  const auditRefusal = async (c: Context<AppEnv>, action: string, detail: Record<string, unknown>, err: unknown) => {
    if (err instanceof AppError) await store.appendAudit(await entry(c, action, { ...detail, refused: err.code }));
    throw err;
  };

  app.post('/search', guard(store, 'POST /api/habeas/search'), async (c) => {
    const q = await readJson(c, personQuerySchema, limits);
    const dossier = await buildDossier(store, c.get('user').municipality, q);
    const mentions = await findMentions(store, c.get('user').municipality, q);
    await store.appendAudit(await entry(c, 'habeas.search', { idType: q.idType, ...summary(dossier), mentions: mentionIds(mentions) }));
    return c.json({ dossier, mentions });
  });

  app.post('/export', guard(store, 'POST /api/habeas/export'), async (c) => {
    const { format, ...q } = await readJson(c, exportRequestSchema, limits);
    const dossier = await buildDossier(store, c.get('user').municipality, q);
    await store.appendAudit(await entry(c, 'habeas.export', { idType: q.idType, format, ...summary(dossier) }));
    // No ID number in the file name: download folders are often listed or synced elsewhere.
    const name = `datos-personales-${dossier.generatedAt.slice(0, 10)}.${format}`;
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    if (format === 'csv') {
      c.header('Content-Type', CSV_MIME);
      return c.body(dossierCsv(dossier));
    }
    c.header('Content-Type', 'application/json; charset=utf-8');
    return c.body(JSON.stringify(dossier, null, 2));
  });

  app.post('/rectify', guard(store, 'POST /api/habeas/rectify'), async (c) => {
    const body = await readJson(c, rectifyRequestSchema, limits);
    const actor = habeasActor(c.get('user'));
    const fields = Object.keys(body.changes).sort();
    const at = new Date().toISOString();
    const base = await entry(c, 'habeas.rectify', {}, at);
    try {
      const result = await store.transaction(async (tx) => {
        const r = await rectifyPerson(tx, actor, body, at);
        await tx.appendAudit({ ...base, detail: { idType: body.idType, fields: r.fields, records: r.updated.map(({ kind, id }) => ({ kind, id })), dsrId: body.dsrId ?? null } });
        return r;
      });
      return c.json({ updated: result.updated });
    } catch (err) {
      return auditRefusal(c, 'habeas.rectify', { idType: body.idType, fields, dsrId: body.dsrId ?? null }, err);
    }
  });

  app.post('/anonymise', guard(store, 'POST /api/habeas/anonymise'), async (c) => {
    const body = await readJson(c, anonymiseRequestSchema, limits);
    const actor = habeasActor(c.get('user'));
    const at = new Date().toISOString();
    const base = await entry(c, 'habeas.anonymise', {}, at);
    try {
      const result = await store.transaction(async (tx) => {
        const r = await anonymisePerson(tx, actor, body, at, files);
        const records = r.touched.map(({ kind, id }) => ({ kind, id }));
        const kept = r.kept.map(({ kind, id }) => ({ kind, id }));
        // How many scans went, not their hashes: a hash would confirm a copy of the deleted scan.
        const counted = { deleted: r.files.deleted.length, kept: r.files.kept.length };
        await tx.appendAudit({ ...base, detail: { idType: body.idType, records, kept, files: counted, receipts: r.receipts, dsrId: body.dsrId ?? null } });
        return r;
      });
      const answer: AnonymiseResult = {
        anonymised: result.anonymised,
        kept: result.kept,
        files: { deleted: result.files.deleted.length, kept: result.files.kept.length },
        mentions: await findMentions(store, actor.municipality, body),
      };
      return c.json(answer);
    } catch (err) {
      return auditRefusal(c, 'habeas.anonymise', { idType: body.idType, recordIds: body.recordIds ?? null, dsrId: body.dsrId ?? null }, err);
    }
  });

  app.post('/redact', guard(store, 'POST /api/habeas/redact'), async (c) => {
    const body = await readJson(c, redactRequestSchema, limits);
    const actor = habeasActor(c.get('user'));
    const at = new Date().toISOString();
    const base = await entry(c, 'habeas.redact', {}, at);
    try {
      const result = await store.transaction(async (tx) => {
        const r = await redactMentions(tx, actor, body, at);
        await tx.appendAudit({ ...base, detail: { idType: body.idType, records: r.redacted, dsrId: body.dsrId ?? null } });
        return r;
      });
      const answer: RedactResult = { ...result, mentions: await findMentions(store, actor.municipality, body) };
      return c.json(answer);
    } catch (err) {
      return auditRefusal(c, 'habeas.redact', { idType: body.idType, dsrId: body.dsrId ?? null }, err);
    }
  });

  return app;
}

/** Where the person is mentioned, for the audit entry: records and fields, never the text. */
const mentionIds = (mentions: { kind: string; id: string; field: string }[]) => mentions.map(({ kind, id, field }) => ({ kind, id, field }));

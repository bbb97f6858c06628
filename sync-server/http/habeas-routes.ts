import { Hono, type Context } from 'hono';
import { AppError } from '../../src/shared/errors';
import { anonymiseRequestSchema, exportRequestSchema, personQuerySchema, rectifyRequestSchema, type Dossier } from '../../src/shared/habeas/api';
import { dossierCsv } from '../../src/shared/habeas/dossier-csv';
import { anonymisePerson } from '../habeas/anonymise';
import { habeasActor } from '../habeas/actor';
import { buildDossier, dossierRecordIds } from '../habeas/find';
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
export function habeasRoutes(store: Store, limits: BodyLimits): Hono<AppEnv> {
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
    await store.appendAudit(await entry(c, 'habeas.search', { idType: q.idType, ...summary(dossier) }));
    return c.json({ dossier });
  });

  app.post('/export', guard(store, 'POST /api/habeas/export'), async (c) => {
    const { format, ...q } = await readJson(c, exportRequestSchema, limits);
    const dossier = await buildDossier(store, c.get('user').municipality, q);
    await store.appendAudit(await entry(c, 'habeas.export', { idType: q.idType, format, ...summary(dossier) }));
    // No ID number in the file name: download folders are often listed or synced elsewhere.
    const name = `datos-personales-${dossier.generatedAt.slice(0, 10)}.${format}`;
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    if (format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
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
        const r = await anonymisePerson(tx, actor, body, at);
        const records = r.anonymised.map(({ kind, id }) => ({ kind, id }));
        await tx.appendAudit({ ...base, detail: { idType: body.idType, records, kept: r.kept.map(({ kind, id }) => ({ kind, id })), dsrId: body.dsrId ?? null } });
        return r;
      });
      return c.json(result);
    } catch (err) {
      return auditRefusal(c, 'habeas.anonymise', { idType: body.idType, recordIds: body.recordIds ?? null, dsrId: body.dsrId ?? null }, err);
    }
  });

  return app;
}

import { Hono } from 'hono';
import { anonymiseRequestSchema, exportRequestSchema, personQuerySchema, rectifyRequestSchema, redactRequestSchema } from '#shared/habeas/api';
import { anonymise, exportDossier, rectify, redact, searchPerson } from '../habeas/habeas-service';
import type { FileRemover } from '../habeas/person-files';
import type { Store } from '../store/store';
import { DEFAULT_HOOK_CONTEXT, type HookContext } from '../sync/hooks/types';
import { callerOf, type AppEnv } from './auth-middleware';
import { guard } from './access-matrix';
import { readJson, type BodyLimits } from './read-body';

/** Habeas data (see habeas/habeas-service.ts): each route reads its body and calls the service. */
/** `ctx`: this server's settings (a redacted live item goes to the external CMS only when its connector is on). */
export function habeasRoutes(store: Store, limits: BodyLimits, files: FileRemover | null = null, ctx: HookContext = DEFAULT_HOOK_CONTEXT): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/search', guard(store, 'POST /api/habeas/search'), async (c) => {
    return c.json(await searchPerson(store, callerOf(c), await readJson(c, personQuerySchema, limits)));
  });

  app.post('/export', guard(store, 'POST /api/habeas/export'), async (c) => {
    const file = await exportDossier(store, callerOf(c), await readJson(c, exportRequestSchema, limits));
    c.header('Content-Disposition', `attachment; filename="${file.name}"`);
    c.header('Content-Type', file.contentType);
    return c.body(file.body);
  });

  app.post('/rectify', guard(store, 'POST /api/habeas/rectify'), async (c) => {
    return c.json(await rectify(store, callerOf(c), await readJson(c, rectifyRequestSchema, limits)));
  });

  app.post('/anonymise', guard(store, 'POST /api/habeas/anonymise'), async (c) => {
    return c.json(await anonymise(store, callerOf(c), await readJson(c, anonymiseRequestSchema, limits), files));
  });

  app.post('/redact', guard(store, 'POST /api/habeas/redact'), async (c) => {
    return c.json(await redact(store, callerOf(c), await readJson(c, redactRequestSchema, limits), ctx));
  });

  return app;
}

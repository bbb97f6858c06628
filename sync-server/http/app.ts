import { Hono } from 'hono';
import { compressAnswers } from './compress-answers';
import { secureHeaders } from 'hono/secure-headers';
import { AppError } from '#shared/errors';
import { SYNC_LIMITS } from '#shared/sync-protocol';
import type { SignInPolicy } from '../auth/sign-in';
import type { Store } from '../store/store';
import { adminRoutes } from './admin-routes';
import { habeasRoutes } from './habeas-routes';
import { authRoutes } from './auth-routes';
import { contentSecurityPolicy, isApiData } from './csp';
import { errorResponse } from './errors';
import { staticRoutes } from './static-routes';
import { syncRoutes, type SyncRouteOptions } from './sync-routes';
import { blobRoutes } from './blob-routes';
import { importRoutes } from './import-routes';
import { DEFAULT_PUSH_BYTES_PER_HOUR, DEFAULT_UPLOAD_BYTES_PER_HOUR } from '../sync/push-budget';
import type { BlobFiles } from '../blobs/blob-files';
import { portalRoutes } from './portal-routes';
import { publicLimits as publicLimitsMiddleware, type PublicLimits } from './public-limits';
import { trustProxy } from './rate-limit';

export interface AppOptions {
  store: Store;
  staticDir: string | null;
  signInPolicy?: SignInPolicy;
  /** Municipality whose public portal /portal shows. */
  portalMunicipality?: string;
  /** Where attachment files live; null disables the attachments channel (tests of other parts). */
  files?: BlobFiles | null;
  /** Rate and body limits of the public routes (defaults: DEFAULT_PUBLIC_LIMITS). */
  publicLimits?: Partial<PublicLimits>;
  /** Proxies in front that append X-Forwarded-For (TRUST_PROXY_HOPS); 0 trusts none. */
  trustProxyHops?: number;
  /** Push volume budget and the kinds' server rules (see syncRoutes). */
  sync?: SyncRouteOptions;
  /** Bytes of files each user may upload per hour (the attachments channel and imported files). */
  uploadBytesPerHour?: number;
  /** Origin of every absolute link (PUBLIC_URL, see parsePublicUrl); never taken from the request. */
  publicUrl?: string;
}

export function createApp({
  store,
  staticDir,
  signInPolicy,
  portalMunicipality = '95200',
  files = null,
  publicLimits,
  trustProxyHops = 0,
  sync,
  uploadBytesPerHour = DEFAULT_UPLOAD_BYTES_PER_HOUR,
  publicUrl = 'http://localhost:8080',
}: AppOptions): Hono {
  const budgets = { pushBytesPerHour: sync?.pushBytesPerHour ?? DEFAULT_PUSH_BYTES_PER_HOUR, uploadBytesPerHour };
  const limits = { maxBodyBytes: SYNC_LIMITS.maxBodyBytes, maxInflatedBytes: SYNC_LIMITS.maxInflatedBytes };
  const app = new Hono();
  app.onError((err, c) => errorResponse(c, err));
  const pageHeaders = secureHeaders({
    // No Content-Security-Policy here: set per path below (the app, the script-free portal and inert files differ).
    referrerPolicy: 'same-origin',
    permissionsPolicy: { camera: ['self'], geolocation: [], microphone: [] },
    strictTransportSecurity: false,
  });
  // API answers are JSON a browser never renders as a page (nosniff, a CSP that allows nothing,
  // same-origin resource policy): the page-only headers would cost ~550 bytes on every answer,
  // 17 ms each on a 256 kbit/s link.
  const dataHeaders = secureHeaders({
    strictTransportSecurity: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
  app.use('*', (c, next) => (isApiData(c.req.path) ? dataHeaders(c, next) : pageHeaders(c, next)));
  app.use('*', contentSecurityPolicy());
  // HSTS only over TLS (directly, or behind a proxy that says so): on plain HTTP it would be ignored.
  app.use('*', async (c, next) => {
    await next();
    if (new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https') {
      c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
  });
  // Every public route of the access matrix, before any of them does work.
  app.use('*', trustProxy(trustProxyHops));
  app.use('*', publicLimitsMiddleware(publicLimits));
  // Everything generated per request is compressed too (the app's own files are precompressed at build).
  const compressor = compressAnswers();
  app.use('*', (c, next) => {
    const p = c.req.path;
    const generated = p.startsWith('/api/') || p === '/portal' || p.startsWith('/portal/') || p === '/sitemap.xml';
    return generated ? compressor(c, next) : next();
  });
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  // For load balancers and monitoring: up only while the database answers (any cheap query).
  app.get('/api/health', async (c) => {
    try {
      await store.countUsers();
    } catch (err) {
      console.error('health: the database does not answer', err);
      return c.json({ ok: false, database: 'down' }, 503);
    }
    return c.json({ ok: true, database: 'up' });
  });
  app.route('/api/auth', authRoutes(store, signInPolicy));
  app.route('/api/sync', syncRoutes(store, limits, sync));
  app.route('/api/admin/import', importRoutes(store, files, { hooks: sync?.kindHooks, context: sync?.hookContext }, budgets));
  app.route('/api/admin', adminRoutes(store, limits));
  app.route('/api/habeas', habeasRoutes(store, limits, files ?? null, sync?.hookContext));
  if (files) app.route('/api/blobs', blobRoutes(store, files, limits, budgets));
  app.route('/', portalRoutes(store, { municipality: portalMunicipality, files, publicUrl }));
  app.all('/api/*', () => {
    throw new AppError('NOT_FOUND', 'No such API route');
  });
  if (staticDir) app.route('/', staticRoutes(staticDir));
  return app;
}

import { join, resolve } from 'node:path';
import { DEFAULT_PUBLIC_LIMITS, type PublicLimits } from './http/public-limits';
import { DEFAULT_PUSH_BYTES_PER_HOUR } from './sync/push-budget';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL connection URL (DATABASE_URL): the shared store; null: SQLite under dataDir. */
  databaseUrl: string | null;
  staticDir: string;
  demo: boolean;
  /** Municipality whose public portal this server shows at /portal. */
  portalMunicipality: string;
  /** External CMS to also send publications to; null: the connector is off. */
  portalPublishUrl: string | null;
  /** How often the connector looks for publications to send (ms). */
  portalPublishIntervalMs: number;
  /** First retry delay of the connector (ms); doubles on each failure. */
  portalPublishRetryMs: number;
  /** Attachment files (shared storage when several instances serve one database). */
  blobDir: string;
  maxFileBytes: number;
  /** Per-address requests per minute and body sizes of the public routes. */
  publicLimits: PublicLimits;
  /** How many proxies in front append X-Forwarded-For (0: none, addresses are the sockets'). */
  trustProxyHops: number;
  /** Bytes of changes each user may push per hour (PUSH_BUDGET_BYTES_PER_HOUR). */
  pushBudgetBytesPerHour: number;
}

/** RATE_LIMIT_PAGES=300 etc.: requests per minute per address for each kind of public route. */
function readPublicLimits(env: NodeJS.ProcessEnv): PublicLimits {
  const maxBody = Number(env.PUBLIC_MAX_BODY_BYTES ?? 1024);
  const out = { ...DEFAULT_PUBLIC_LIMITS };
  for (const key of Object.keys(out) as (keyof PublicLimits)[]) {
    const name = `RATE_LIMIT_${key.toUpperCase().replace('-', '_')}`;
    const perMinute = Number(env[name] ?? out[key].perMinute);
    if (!Number.isInteger(perMinute) || perMinute < 1) throw new Error(`${name} must be a positive whole number`);
    out[key] = { perMinute, maxBodyBytes: key === 'sign-in' ? out[key].maxBodyBytes : maxBody };
  }
  return out;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${env.PORT}'`);
  const pushBudget = Number(env.PUSH_BUDGET_BYTES_PER_HOUR ?? DEFAULT_PUSH_BYTES_PER_HOUR);
  if (!Number.isSafeInteger(pushBudget) || pushBudget < 1) throw new Error('PUSH_BUDGET_BYTES_PER_HOUR must be a positive whole number of bytes');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || null,
    staticDir: resolve(env.STATIC_DIR ?? 'dist'),
    demo: env.GEL_DEMO !== '0',
    portalMunicipality: env.PORTAL_MUNICIPALITY ?? '95200',
    portalPublishUrl: env.PORTAL_PUBLISH_URL || null,
    portalPublishIntervalMs: Number(env.PORTAL_PUBLISH_INTERVAL_MS ?? 5000),
    portalPublishRetryMs: Number(env.PORTAL_PUBLISH_RETRY_MS ?? 5000),
    blobDir: resolve(env.BLOB_DIR ?? join(env.DATA_DIR ?? 'data', 'blobs')),
    maxFileBytes: Number(env.MAX_FILE_BYTES ?? 10 * 1024 * 1024),
    publicLimits: readPublicLimits(env),
    trustProxyHops: Math.max(0, Math.min(10, Number.parseInt(env.TRUST_PROXY_HOPS ?? '0', 10) || 0)),
    pushBudgetBytesPerHour: pushBudget,
  };
}

export const sqliteFile = (dataDir: string) => join(dataDir, 'gel-campo.sqlite');

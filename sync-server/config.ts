import { join, resolve } from 'node:path';
import { readAuditKeySource, type AuditKeySource } from './audit/audit-key';
import { DEFAULT_PUBLIC_LIMITS, type PublicLimits } from './http/public-limits';

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
  /** The address people reach the server at (PUBLIC_URL): every absolute link is built on it, never on the Host header. */
  publicUrl: string;
  /** Where the audit chain's key comes from (AUDIT_KEY or AUDIT_KEY_FILE): never the database. */
  auditKey: AuditKeySource;
}

/**
 * PUBLIC_URL, e.g. https://miraflores-guaviare.gov.co: a scheme and a host (and port) only,
 * since every route lives at the root. Unset: http://localhost:<PORT>, right for a try on one
 * machine and visibly wrong anywhere else.
 */
export function parsePublicUrl(raw: string | undefined, port: number): string {
  const text = (raw ?? '').trim();
  if (text === '') return `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute address such as https://miraflores-guaviare.gov.co, got '${text}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`PUBLIC_URL must start with https:// or http://, got '${text}'`);
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw new Error(`PUBLIC_URL must be a scheme and a host only (no path, query or user), such as https://miraflores-guaviare.gov.co, got '${text}'`);
  }
  return url.origin;
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
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  const blobDir = resolve(env.BLOB_DIR ?? join(env.DATA_DIR ?? 'data', 'blobs'));
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    staticDir: resolve(env.STATIC_DIR ?? 'dist'),
    demo: env.GEL_DEMO !== '0',
    portalMunicipality: env.PORTAL_MUNICIPALITY ?? '95200',
    portalPublishUrl: env.PORTAL_PUBLISH_URL || null,
    portalPublishIntervalMs: Number(env.PORTAL_PUBLISH_INTERVAL_MS ?? 5000),
    portalPublishRetryMs: Number(env.PORTAL_PUBLISH_RETRY_MS ?? 5000),
    blobDir,
    maxFileBytes: Number(env.MAX_FILE_BYTES ?? 10 * 1024 * 1024),
    publicLimits: readPublicLimits(env),
    trustProxyHops: Math.max(0, Math.min(10, Number.parseInt(env.TRUST_PROXY_HOPS ?? '0', 10) || 0)),
    publicUrl: parsePublicUrl(env.PUBLIC_URL, port),
    auditKey: readAuditKeySource(env, dataDir, blobDir),
  };
}

export const sqliteFile = (dataDir: string) => join(dataDir, 'gel-campo.sqlite');

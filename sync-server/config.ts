import { join, resolve } from 'node:path';
import { z } from 'zod/mini';
import { DEFAULT_SIGN_IN_POLICY, type SignInPolicy } from './auth/sign-in';
import { readAuditKeySource, type AuditKeySource } from './audit/audit-key';
import { DEFAULT_PUBLIC_LIMITS, type PublicLimits } from './http/public-limits';
import { DEFAULT_PUSH_BYTES_PER_HOUR, DEFAULT_UPLOAD_BYTES_PER_HOUR } from './sync/push-budget';

/** Bad settings stop the server at start with every offending variable named (never a silent NaN). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const wholeNumber = (min: number, max: number, hint: string) =>
  z.pipe(z.pipe(z.string().check(z.trim(), z.regex(/^\d+$/, `must be a whole number (${hint})`)), z.transform(Number)), z.number().check(z.int(), z.gte(min, `must be at least ${min}`), z.lte(max, `must be at most ${max}`)));

const optionalUrl = (protocols: RegExp, hint: string) =>
  z.pipe(z.pipe(z.string().check(z.trim()), z.transform((v) => (v === '' ? null : v))), z.nullable(z.url({ protocol: protocols, error: `must be a URL (${hint})` })));

const publicLimitVars = Object.fromEntries(
  (Object.keys(DEFAULT_PUBLIC_LIMITS) as (keyof PublicLimits)[]).map((key) => [
    rateLimitVar(key),
    z._default(wholeNumber(1, 1_000_000, 'requests per minute'), DEFAULT_PUBLIC_LIMITS[key].perMinute),
  ]),
);

/** Every environment variable the server reads, with its default; one place, one check. */
export const envSchema = z.object({
  PORT: z._default(wholeNumber(0, 65535, 'a TCP port'), 8080),
  HOST: z._default(z.string().check(z.trim(), z.minLength(1)), '0.0.0.0'),
  DATA_DIR: z._default(z.string().check(z.trim(), z.minLength(1)), 'data'),
  DATABASE_URL: z._default(optionalUrl(/^postgres(ql)?$/, 'postgres://user:password@host/database'), null),
  STATIC_DIR: z._default(z.string().check(z.trim(), z.minLength(1)), 'dist'),
  // Unset: demo accounts only for a try on one machine (see demoByDefault).
  GEL_DEMO: z.optional(z.enum(['0', '1'], { error: "must be '0' (no demo accounts) or '1'" })),
  PORTAL_MUNICIPALITY: z._default(z.string().check(z.trim(), z.regex(/^\d{5}$/, 'must be a DIVIPOLA code of five digits')), '95200'),
  PORTAL_PUBLISH_URL: z._default(optionalUrl(/^https?$/, 'http:// or https://'), null),
  PORTAL_PUBLISH_INTERVAL_MS: z._default(wholeNumber(100, 86_400_000, 'milliseconds'), 5000),
  PORTAL_PUBLISH_RETRY_MS: z._default(wholeNumber(100, 86_400_000, 'milliseconds'), 5000),
  BLOB_DIR: z.optional(z.string().check(z.trim(), z.minLength(1))),
  MAX_FILE_BYTES: z._default(wholeNumber(1024, 1024 * 1024 * 1024, 'bytes, e.g. 10485760 for 10 MB'), 10 * 1024 * 1024),
  PUBLIC_MAX_BODY_BYTES: z._default(wholeNumber(0, 1024 * 1024, 'bytes'), 1024),
  TRUST_PROXY_HOPS: z._default(wholeNumber(0, 10, 'proxies in front'), 0),
  // Password guessing (sync-server/auth/throttle.ts): counts, and waits in seconds.
  SIGN_IN_FREE_ATTEMPTS: z._default(wholeNumber(1, 1000, 'failures'), DEFAULT_SIGN_IN_POLICY.freeAttempts),
  SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS: z._default(wholeNumber(1, 100_000, 'failures'), DEFAULT_SIGN_IN_POLICY.freeAttemptsPerAddress),
  SIGN_IN_DELAY_SECONDS: z._default(wholeNumber(1, 86_400, 'seconds'), DEFAULT_SIGN_IN_POLICY.baseDelayMs / 1000),
  SIGN_IN_MAX_DELAY_SECONDS: z._default(wholeNumber(1, 86_400, 'seconds'), DEFAULT_SIGN_IN_POLICY.maxDelayMs / 1000),
  SIGN_IN_WINDOW_SECONDS: z._default(wholeNumber(1, 7 * 86_400, 'seconds'), DEFAULT_SIGN_IN_POLICY.failureWindowMs / 1000),
  PUSH_BUDGET_BYTES_PER_HOUR: z._default(wholeNumber(1, Number.MAX_SAFE_INTEGER, 'bytes of changes per user per hour'), DEFAULT_PUSH_BYTES_PER_HOUR),
  UPLOAD_BUDGET_BYTES_PER_HOUR: z._default(wholeNumber(1, Number.MAX_SAFE_INTEGER, 'bytes of files per user per hour'), DEFAULT_UPLOAD_BYTES_PER_HOUR),
  ...publicLimitVars,
});

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
  /** Session length and the throttle of password guessing (SIGN_IN_* variables). */
  signInPolicy: SignInPolicy;
  /** Bytes of changes each user may push per hour (PUSH_BUDGET_BYTES_PER_HOUR). */
  pushBudgetBytesPerHour: number;
  /** Bytes of files each user may upload per hour (UPLOAD_BUDGET_BYTES_PER_HOUR). */
  uploadBudgetBytesPerHour: number;
  /** The address people reach the server at (PUBLIC_URL): every absolute link is built on it, never on the Host header. */
  publicUrl: string;
  /** Where the audit chain's key comes from (AUDIT_KEY or AUDIT_KEY_FILE): never the database. */
  auditKey: AuditKeySource;
}

/**
 * PUBLIC_URL, e.g. https://alcaldia.example.gov.co: a scheme and a host (and port) only,
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
    throw new Error(`PUBLIC_URL must be an absolute address such as https://alcaldia.example.gov.co, got '${text}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`PUBLIC_URL must start with https:// or http://, got '${text}'`);
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    throw new Error(`PUBLIC_URL must be a scheme and a host only (no path, query or user), such as https://alcaldia.example.gov.co, got '${text}'`);
  }
  return url.origin;
}

/**
 * The demo accounts share a password printed in the README: fine for `npm start` on a laptop,
 * a hole anywhere people reach. A server given a shared database or a public address is a
 * deployment, so there the demo is off unless GEL_DEMO=1 asks for it.
 */
function demoByDefault(present: Record<string, unknown>): boolean {
  return present.DATABASE_URL === undefined && present.PUBLIC_URL === undefined;
}

/** RATE_LIMIT_PAGES, RATE_LIMIT_SIGN_IN …: the variable of each public route's budget. */
function rateLimitVar(key: keyof PublicLimits): string {
  return `RATE_LIMIT_${key.toUpperCase().replace('-', '_')}`;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // An empty variable counts as unset, as a shell or a systemd unit often leaves it.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got '${String(env[String(i.path[0])])}')`));
  }
  const e = parsed.data;
  const publicLimits = { ...DEFAULT_PUBLIC_LIMITS };
  for (const key of Object.keys(publicLimits) as (keyof PublicLimits)[]) {
    publicLimits[key] = {
      perMinute: (e as Record<string, unknown>)[rateLimitVar(key)] as number,
      maxBodyBytes: key === 'sign-in' ? DEFAULT_PUBLIC_LIMITS[key].maxBodyBytes : e.PUBLIC_MAX_BODY_BYTES,
    };
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    staticDir: resolve(e.STATIC_DIR),
    demo: e.GEL_DEMO === undefined ? demoByDefault(present) : e.GEL_DEMO === '1',
    portalMunicipality: e.PORTAL_MUNICIPALITY,
    portalPublishUrl: e.PORTAL_PUBLISH_URL,
    portalPublishIntervalMs: e.PORTAL_PUBLISH_INTERVAL_MS,
    portalPublishRetryMs: e.PORTAL_PUBLISH_RETRY_MS,
    blobDir: resolve(e.BLOB_DIR ?? join(e.DATA_DIR, 'blobs')),
    maxFileBytes: e.MAX_FILE_BYTES,
    publicLimits,
    trustProxyHops: e.TRUST_PROXY_HOPS,
    signInPolicy: {
      ...DEFAULT_SIGN_IN_POLICY,
      freeAttempts: e.SIGN_IN_FREE_ATTEMPTS,
      freeAttemptsPerAddress: e.SIGN_IN_FREE_ATTEMPTS_PER_ADDRESS,
      baseDelayMs: e.SIGN_IN_DELAY_SECONDS * 1000,
      maxDelayMs: e.SIGN_IN_MAX_DELAY_SECONDS * 1000,
      failureWindowMs: e.SIGN_IN_WINDOW_SECONDS * 1000,
    },
    pushBudgetBytesPerHour: e.PUSH_BUDGET_BYTES_PER_HOUR,
    uploadBudgetBytesPerHour: e.UPLOAD_BUDGET_BYTES_PER_HOUR,
    publicUrl: parsePublicUrl(env.PUBLIC_URL, e.PORT),
    auditKey: readAuditKeySource(env, resolve(e.DATA_DIR), resolve(e.BLOB_DIR ?? join(e.DATA_DIR, 'blobs'))),
  };
}

export const sqliteFile = (dataDir: string) => join(dataDir, 'gel-campo.sqlite');

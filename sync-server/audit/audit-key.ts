import { createHmac, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/**
 * The server secret that keys the audit chain (each link an HMAC-SHA256). It never enters the
 * database: someone who can rewrite the audit_log table but does not hold this key cannot
 * recompute a chain that `verify-audit` accepts.
 */
export interface AuditKey {
  readonly secret: Buffer;
  /** A public fingerprint, stored with every entry: which key wrote it (never the key itself). */
  readonly id: string;
}

export const MIN_AUDIT_KEY_CHARS = 32;

/** The file name next to DATA_DIR (never inside it) when AUDIT_KEY_FILE is not set. */
export const DEFAULT_AUDIT_KEY_FILE = 'gel-campo-audit.key';

const HOW_TO_MAKE_ONE = 'make one with `openssl rand -hex 32`';

export function auditKeyFrom(text: string, source: string): AuditKey {
  const key = text.trim();
  if (key.length < MIN_AUDIT_KEY_CHARS) {
    throw new Error(`${source} is too short (${key.length} characters): the audit key needs at least ${MIN_AUDIT_KEY_CHARS}; ${HOW_TO_MAKE_ONE}`);
  }
  const secret = Buffer.from(key, 'utf8');
  return { secret, id: createHmac('sha256', secret).update('gel-campo audit key id').digest('hex').slice(0, 16) };
}

/**
 * A store opened without a key (tests of other parts, tools that only read) signs with this
 * one, made at random once per process: its chain is still keyed, and verifies only here.
 */
export const PROCESS_AUDIT_KEY: AuditKey = auditKeyFrom(randomBytes(32).toString('hex'), 'the throwaway audit key');

/** Where the key comes from: the AUDIT_KEY variable itself, or a file (read, or made on first start). */
export type AuditKeySource = { readonly env: string } | { readonly file: string };

function inside(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * AUDIT_KEY, else AUDIT_KEY_FILE (default: `gel-campo-audit.key` next to DATA_DIR). A key that
 * is too short, both set, or a file inside the data or files directory (whoever copies the
 * data would carry the key along) stop the start with a clear message.
 */
export function readAuditKeySource(env: NodeJS.ProcessEnv, dataDir: string, blobDir: string): AuditKeySource {
  if (env.AUDIT_KEY !== undefined) {
    if (env.AUDIT_KEY_FILE) throw new Error('Set AUDIT_KEY or AUDIT_KEY_FILE, not both');
    auditKeyFrom(env.AUDIT_KEY, 'AUDIT_KEY');
    return { env: env.AUDIT_KEY };
  }
  const file = resolve(env.AUDIT_KEY_FILE || join(dataDir, '..', DEFAULT_AUDIT_KEY_FILE));
  for (const [dir, name] of [[dataDir, 'DATA_DIR'], [blobDir, 'BLOB_DIR']] as const) {
    if (inside(file, dir)) {
      throw new Error(`The audit key file ${file} is inside ${name} (${resolve(dir)}): keep it out of the data, set AUDIT_KEY_FILE to a path outside it`);
    }
  }
  return { file };
}

export interface LoadedAuditKey {
  key: AuditKey;
  /** 'AUDIT_KEY' or the file's path. */
  from: string;
  /** The file did not exist and was made now. */
  generated: boolean;
  /** The file can be read by other users of the machine. */
  looselyProtected: boolean;
}

/** Reads the key; a missing key file is made with a fresh random key, readable by its owner only. */
export function loadAuditKey(source: AuditKeySource): LoadedAuditKey {
  if ('env' in source) return { key: auditKeyFrom(source.env, 'AUDIT_KEY'), from: 'AUDIT_KEY', generated: false, looselyProtected: false };
  const path = source.file;
  let generated = false;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read the audit key file ${path}: ${(err as Error).message}`);
    generated = createKeyFile(path);
    text = readFileSync(path, 'utf8');
  }
  const looselyProtected = (statSync(path).mode & 0o077) !== 0;
  return { key: auditKeyFrom(text, `The audit key file ${path}`), from: path, generated, looselyProtected };
}

/**
 * Written whole under a temporary name, then linked into place: the link fails if another
 * instance made the file first, and nobody ever reads a half-written key. False: it lost that race.
 */
function createKeyFile(path: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    linkSync(tmp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`Cannot create the audit key file ${path} (${(err as Error).message}): set AUDIT_KEY_FILE to a writable path outside DATA_DIR, or AUDIT_KEY`);
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // never written
    }
  }
}

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '#shared/errors';
import type { UploadState } from '#shared/files/file-schema';
import { ALLOWED_FILE_TYPES, SNIFF_BYTES, sniffFileType, UNSUPPORTED_FILE_TYPE_MESSAGE, type AllowedFileType } from '#shared/files/file-type';
import { holds, parseMeta, pendingSchema, withOwner, type FileMeta, type Pending, type ReadMeta, type Uploader } from './blob-meta';

export type { FileMeta, Uploader };

/** Runs async sections one at a time per key (one upload's chunks; one file's side file). */
class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/**
 * The users of a municipality whose records point at a file (who put each reference there):
 * the owners a side file from before per-user ownership is given when it is upgraded.
 */
export type LegacyReferrers = (municipality: string, hash: string) => Promise<string[]>;

/** Written once every side file is in the per-user format (the start-up sweep then has nothing to do). */
const UPGRADED_MARK = 'side-files-per-user';

export const unsupportedFileType = () => new AppError('UNSUPPORTED_FILE_TYPE', UNSUPPORTED_FILE_TYPE_MESSAGE, { allowed: ALLOWED_FILE_TYPES });

/**
 * Files on disk, addressed by their SHA-256: `<dir>/<aa>/<hash>` once verified, with a JSON
 * side file of who holds it. Each uploader's bytes grow in their own partial file, chunk by
 * chunk, so a dropped link resumes where it stopped and nobody can write into, or finish,
 * someone else's upload. Identical bytes are kept once on disk, but each municipality (and
 * each user in it) gets access only by sending them: knowing a hash proves nothing.
 */
export class BlobFiles {
  private readonly locks = new KeyedLock();

  constructor(
    private readonly dir: string,
    readonly maxFileBytes: number,
    /** Without it, a legacy side file's municipality keeps its name but nobody holds it. */
    private readonly legacyReferrers: LegacyReferrers = async () => [],
  ) {
    mkdirSync(join(dir, 'partial'), { recursive: true });
  }

  private finalPath(hash: string) {
    return join(this.dir, hash.slice(0, 2), hash);
  }
  private metaPath(hash: string) {
    return `${this.finalPath(hash)}.json`;
  }
  /** One partial file per (municipality, user, hash): uploads of others are never touched. */
  private partialPath(hash: string, who: Uploader) {
    const key = createHash('sha256').update(`${who.municipality}\n${who.userId}\n${hash}`).digest('hex');
    return join(this.dir, 'partial', key);
  }

  private async readMeta(hash: string): Promise<ReadMeta | null> {
    try {
      return parseMeta(await fs.readFile(this.metaPath(hash), 'utf8'));
    } catch {
      return null;
    }
  }

  /** Who holds a file; a side file from before per-user ownership is upgraded first. */
  async meta(hash: string): Promise<FileMeta | null> {
    const read = await this.readMeta(hash);
    if (!read?.legacy) return read?.meta ?? null;
    return this.locks.run(`meta:${hash}`, () => this.metaUpgraded(hash));
  }

  /**
   * Inside the side file's lock. A legacy side file said "this municipality holds it", which
   * would let any colleague who writes the hash into a record of theirs read it. Its owners
   * become the users who had put it in records (record_files.added_by, backfilled from the
   * records' authors by the migration), written back once, so `users` is always a list.
   */
  private async metaUpgraded(hash: string): Promise<FileMeta | null> {
    const read = await this.readMeta(hash);
    if (!read?.legacy) return read?.meta ?? null;
    const owners: FileMeta['owners'] = {};
    for (const [municipality, owner] of Object.entries(read.meta.owners)) {
      owners[municipality] = { name: owner.name, users: [...new Set(await this.legacyReferrers(municipality, hash))].sort() };
    }
    const meta = { ...read.meta, owners };
    await this.writeMeta(meta);
    return meta;
  }

  /**
   * Upgrades every side file from before per-user ownership, at start-up: before any request,
   * so the owners are the users who referenced the file when this version was installed, not
   * whoever writes the hash into a record afterwards. Once done, later starts skip the walk.
   */
  async upgradeLegacySideFiles(): Promise<number> {
    const mark = join(this.dir, UPGRADED_MARK);
    if (existsSync(mark)) return 0;
    let upgraded = 0;
    for (const shard of await fs.readdir(this.dir)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of await fs.readdir(join(this.dir, shard))) {
        const hash = /^([0-9a-f]{64})\.json$/.exec(name)?.[1];
        if (!hash || !(await this.readMeta(hash))?.legacy) continue;
        await this.locks.run(`meta:${hash}`, () => this.metaUpgraded(hash));
        upgraded++;
      }
    }
    await fs.writeFile(mark, `${new Date().toISOString()}\n`);
    return upgraded;
  }

  /** Whether this user proved they hold the file. */
  async holds(hash: string, who: Uploader): Promise<boolean> {
    return holds(await this.meta(hash), who) && existsSync(this.finalPath(hash));
  }

  /**
   * Where this uploader's upload stands. A file they already sent is complete; anyone else
   * (another municipality, or a colleague who only knows the hash) starts sending their own bytes.
   */
  async start(hash: string, info: { size: number; name: string }, who: Uploader): Promise<UploadState> {
    if (info.size > this.maxFileBytes) {
      throw new AppError('FILE_TOO_LARGE', `The file exceeds ${this.maxFileBytes} bytes`, { limit: this.maxFileBytes, size: info.size });
    }
    const known = await this.meta(hash);
    if (holds(known, who) && known && existsSync(this.finalPath(hash))) return { hash, size: known.size, received: known.size, complete: true };
    const partial = this.partialPath(hash, who);
    return this.locks.run(partial, async () => {
      const pending = await readPending(partial);
      if (pending && pending.size === info.size) return { hash, size: info.size, received: await sizeOf(partial), complete: false };
      // A new upload, or one announced with another size: it starts over.
      await fs.rm(partial, { force: true });
      const next: Pending = { hash, size: info.size, name: info.name, municipality: who.municipality, userId: who.userId };
      await fs.writeFile(`${partial}.json`, JSON.stringify(next));
      return { hash, size: info.size, received: 0, complete: false };
    });
  }

  /**
   * Appends a chunk at `offset` (where this uploader's partial file ends). The type is checked
   * on the first chunk when it holds enough bytes, and always once the bytes are all there,
   * together with the hash.
   */
  async append(hash: string, offset: number, bytes: Buffer, who: Uploader): Promise<UploadState> {
    const partial = this.partialPath(hash, who);
    return this.locks.run(partial, async () => {
      const pending = await readPending(partial);
      if (!pending) {
        if (await this.holds(hash, who)) {
          const done = (await this.meta(hash)) as FileMeta;
          return { hash, size: done.size, received: done.size, complete: true };
        }
        throw new AppError('NOT_FOUND', 'Start the upload first');
      }
      const have = await sizeOf(partial);
      if (offset !== have) throw new AppError('OFFSET_MISMATCH', 'The upload continues elsewhere', { received: have });
      if (have + bytes.length > pending.size) throw new AppError('FILE_TOO_LARGE', 'More bytes than announced', { size: pending.size });
      if (offset === 0 && bytes.length >= Math.min(SNIFF_BYTES, pending.size) && sniffFileType(bytes.subarray(0, SNIFF_BYTES)) === null) {
        await discard(partial);
        throw unsupportedFileType();
      }
      await fs.appendFile(partial, bytes);
      const received = have + bytes.length;
      if (received < pending.size) return { hash, size: pending.size, received, complete: false };
      const actual = await sha256File(partial);
      if (actual !== hash) {
        await fs.rm(partial, { force: true });
        throw new AppError('HASH_MISMATCH', 'The file does not match its SHA-256', { expected: hash, actual });
      }
      const type = sniffFileType(await readHead(partial));
      if (type === null) {
        await discard(partial);
        throw unsupportedFileType();
      }
      await this.keep(partial, pending, type, who);
      await fs.rm(`${partial}.json`, { force: true });
      return { hash, size: pending.size, received, complete: true };
    });
  }

  /** Moves verified bytes in place (or drops them if identical ones are there) and records the uploader. */
  private keep(partial: string, pending: Pending, type: AllowedFileType, who: Uploader): Promise<void> {
    return this.locks.run(`meta:${pending.hash}`, async () => {
      const final = this.finalPath(pending.hash);
      if (existsSync(final)) await fs.rm(partial, { force: true });
      else {
        mkdirSync(join(this.dir, pending.hash.slice(0, 2)), { recursive: true });
        await fs.rename(partial, final);
      }
      const meta = (await this.metaUpgraded(pending.hash)) ?? { hash: pending.hash, size: pending.size, type, owners: {} };
      await this.writeMeta(withOwner({ ...meta, type }, who, pending.name));
    });
  }

  private async writeMeta(meta: FileMeta) {
    const tmp = `${this.metaPath(meta.hash)}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(meta));
    await fs.rename(tmp, this.metaPath(meta.hash));
  }

  /** The type of a stored file, decided again from its bytes (older side files carry a declared one). */
  async sniff(hash: string): Promise<AllowedFileType | null> {
    try {
      return sniffFileType(await readHead(this.finalPath(hash)));
    } catch {
      throw new AppError('NOT_FOUND', 'No such file');
    }
  }

  /**
   * This municipality lets go of a file (habeas data: a suppressed person's ID scan). The bytes
   * are deleted once no municipality holds them, and so are this municipality's unfinished
   * uploads of it. The side file goes first, so a failure never leaves a served file without
   * its bytes.
   */
  async removeFor(municipality: string, hash: string): Promise<void> {
    await this.locks.run(`meta:${hash}`, async () => {
      const known = await this.metaUpgraded(hash);
      if (!known || !Object.hasOwn(known.owners, municipality)) return;
      const owners = Object.fromEntries(Object.entries(known.owners).filter(([m]) => m !== municipality));
      if (Object.keys(owners).length > 0) {
        await this.writeMeta({ ...known, owners });
      } else {
        await fs.rm(this.metaPath(hash), { force: true });
        await fs.rm(this.finalPath(hash), { force: true });
      }
    });
    const partials = join(this.dir, 'partial');
    for (const name of await fs.readdir(partials)) {
      if (!name.endsWith('.json')) continue;
      const partial = join(partials, name.slice(0, -'.json'.length));
      const pending = await readPending(partial);
      if (pending?.hash === hash && pending.municipality === municipality) {
        await this.locks.run(partial, () => discard(partial));
      }
    }
  }

  /**
   * Drops uploads nobody touched (started or appended to) for longer than `maxAgeMs`: a device
   * that gave up, or someone who starts uploads and never finishes them, would otherwise leave
   * their partial bytes on disk for ever. Answers how many were dropped.
   */
  async sweepPartials(maxAgeMs: number, nowMs = Date.now()): Promise<number> {
    const dir = join(this.dir, 'partial');
    const uploads = new Set((await fs.readdir(dir)).map((name) => name.replace(/\.json$/, '')));
    let dropped = 0;
    for (const name of uploads) {
      const partial = join(dir, name);
      const gone = await this.locks.run(partial, async () => {
        const touched = Math.max(await mtimeOf(partial), await mtimeOf(`${partial}.json`));
        if (nowMs - touched <= maxAgeMs) return false;
        await discard(partial);
        return true;
      });
      if (gone) dropped++;
    }
    return dropped;
  }

  stream(hash: string) {
    return createReadStream(this.finalPath(hash));
  }
}

async function readPending(partial: string): Promise<Pending | null> {
  try {
    const parsed = pendingSchema.safeParse(JSON.parse(await fs.readFile(`${partial}.json`, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await fs.stat(path)).size;
  } catch {
    return 0;
  }
}

async function mtimeOf(path: string): Promise<number> {
  try {
    return (await fs.stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

/** A refused upload leaves nothing behind: starting again is a new upload. */
async function discard(partial: string): Promise<void> {
  await fs.rm(partial, { force: true });
  await fs.rm(`${partial}.json`, { force: true });
}

async function readHead(path: string): Promise<Uint8Array> {
  const handle = await fs.open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

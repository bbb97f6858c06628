import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../src/shared/errors';
import type { UploadState } from '../../src/shared/files/file-schema';

interface Meta {
  hash: string;
  size: number;
  type: string;
  name: string;
  municipalities: string[];
}

/**
 * Files on disk, addressed by their SHA-256: `<dir>/<aa>/<hash>` once verified, with a JSON
 * side file; uploads grow `<dir>/partial/<hash>` chunk by chunk, so a dropped link resumes
 * where it stopped, and the same file is stored once however many records point at it.
 */
export class BlobFiles {
  constructor(
    private readonly dir: string,
    readonly maxFileBytes: number,
  ) {
    mkdirSync(join(dir, 'partial'), { recursive: true });
  }

  private finalPath(hash: string) {
    return join(this.dir, hash.slice(0, 2), hash);
  }
  private metaPath(hash: string) {
    return `${this.finalPath(hash)}.json`;
  }
  private partialPath(hash: string) {
    return join(this.dir, 'partial', hash);
  }

  async meta(hash: string): Promise<Meta | null> {
    try {
      return JSON.parse(await fs.readFile(this.metaPath(hash), 'utf8')) as Meta;
    } catch {
      return null;
    }
  }

  /** Where an upload stands; starts one (or just grants this municipality access if the file is known). */
  async start(hash: string, info: { size: number; type: string; name: string }, municipality: string): Promise<UploadState> {
    if (info.size > this.maxFileBytes) {
      throw new AppError('FILE_TOO_LARGE', `The file exceeds ${this.maxFileBytes} bytes`, { limit: this.maxFileBytes, size: info.size });
    }
    const known = await this.meta(hash);
    if (known) {
      if (!known.municipalities.includes(municipality)) {
        await this.writeMeta({ ...known, municipalities: [...known.municipalities, municipality] });
      }
      return { hash, size: known.size, received: known.size, complete: true };
    }
    const partial = this.partialPath(hash);
    const received = existsSync(partial) ? (await fs.stat(partial)).size : 0;
    await fs.writeFile(`${partial}.json`, JSON.stringify({ hash, ...info, municipalities: [municipality] }));
    return { hash, size: info.size, received, complete: false };
  }

  /** Appends a chunk at `offset` (must be where the partial file ends); verifies the hash at the end. */
  async append(hash: string, offset: number, bytes: Buffer): Promise<UploadState> {
    const partial = this.partialPath(hash);
    let pending: Meta;
    try {
      pending = JSON.parse(await fs.readFile(`${partial}.json`, 'utf8')) as Meta;
    } catch {
      const done = await this.meta(hash);
      if (done) return { hash, size: done.size, received: done.size, complete: true };
      throw new AppError('NOT_FOUND', 'Start the upload first');
    }
    const have = existsSync(partial) ? (await fs.stat(partial)).size : 0;
    if (offset !== have) throw new AppError('OFFSET_MISMATCH', 'The upload continues elsewhere', { received: have });
    if (have + bytes.length > pending.size) throw new AppError('FILE_TOO_LARGE', 'More bytes than announced', { size: pending.size });
    await fs.appendFile(partial, bytes);
    const received = have + bytes.length;
    if (received < pending.size) return { hash, size: pending.size, received, complete: false };
    const actual = await sha256File(partial);
    if (actual !== hash) {
      await fs.rm(partial, { force: true });
      throw new AppError('HASH_MISMATCH', 'The file does not match its SHA-256', { expected: hash, actual });
    }
    mkdirSync(join(this.dir, hash.slice(0, 2)), { recursive: true });
    await fs.rename(partial, this.finalPath(hash));
    await this.writeMeta(pending);
    await fs.rm(`${partial}.json`, { force: true });
    return { hash, size: pending.size, received, complete: true };
  }

  private async writeMeta(meta: Meta) {
    const tmp = `${this.metaPath(meta.hash)}.tmp`;
    await fs.writeFile(tmp, JSON.stringify(meta));
    await fs.rename(tmp, this.metaPath(meta.hash));
  }

  /**
   * This municipality lets go of a file (habeas data: a suppressed person's ID scan). The bytes
   * are deleted once no municipality holds them; an upload of it this municipality left
   * unfinished goes too. The side file goes first, so a failure never leaves a served file
   * without its bytes.
   */
  async removeFor(municipality: string, hash: string): Promise<void> {
    const known = await this.meta(hash);
    if (known) {
      const rest = known.municipalities.filter((m) => m !== municipality);
      if (rest.length > 0) await this.writeMeta({ ...known, municipalities: rest });
      else {
        await fs.rm(this.metaPath(hash), { force: true });
        await fs.rm(this.finalPath(hash), { force: true });
      }
    }
    const partial = this.partialPath(hash);
    let pending: Meta | null = null;
    try {
      pending = JSON.parse(await fs.readFile(`${partial}.json`, 'utf8')) as Meta;
    } catch {
      return;
    }
    if (pending.municipalities.every((m) => m === municipality)) {
      await fs.rm(`${partial}.json`, { force: true });
      await fs.rm(partial, { force: true });
    }
  }

  stream(hash: string) {
    return createReadStream(this.finalPath(hash));
  }
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

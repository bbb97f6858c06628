import Dexie, { type Table } from 'dexie';
import type { RecordKind, RecordOf } from '#shared/records';
import { openDueDate } from '#shared/pqrsd/lifecycle';
import type { Lifecycle } from '#shared/pqrsd/lifecycle-schema';
import type { ApiError } from '#shared/errors';
import type { Mutation } from '#shared/sync-protocol';
import { LOCAL_SCHEMA_VERSION, localStores, SCHEMA_HISTORY } from './local-schema';
import { tallyMiddleware } from './tally/middleware';
import { ensureTalliesOf, rebuildAndStamp } from './tally/stamp';
import { markSuperseded } from './superseded';
import { BUILD_ID } from '../app-version';
import type { TallyRow } from './tally/tallies';

/** Where a local record stands with the server. */
export type SyncState = 'pending' | 'synced' | 'rejected';

/** A record as the device keeps it: the server's fields plus local sync bookkeeping. */
export type LocalRecord<T> = T & {
  /** Server revision the local copy is based on; 0 until the server has it. */
  _rev: number;
  _sync: SyncState;
};

/** Fields only the device keeps on some kinds' records (local indexes and views, never sent). */
interface LocalExtras {
  pqrsd: {
    /** Search words (local index only, never sent). */
    _search: string[];
    /** The lifecycle as the server last said; `lifecycle` adds this device's unsent steps. */
    _base: Lifecycle;
    /** Filed here with a provisional number: the official radicado's arrival is announced once. */
    _awaitingRadicado?: boolean;
    /**
     * The due date while the request is open, absent once it is closed: the index the
     * deadline counts and lists walk, so closed requests never cost a read (local only).
     */
    _openDue?: string;
  };
  portal_draft: {
    /** Fields typed on this device and saved here, not yet in the outbox (autosave). */
    _dirty?: string[];
  };
}

/** A record of a kind as the device keeps it. */
export type LocalRow<K extends RecordKind> = LocalRecord<RecordOf<K>> & (K extends keyof LocalExtras ? LocalExtras[K] : unknown);

/** Until the first sync the device fills what the server would (radicado stays null). */
export type LocalPqrsd = LocalRow<'pqrsd'>;
export type LocalPqrsdEvent = LocalRow<'pqrsd_event'>;
export type LocalDraft = LocalRow<'portal_draft'>;
export type LocalConflict = LocalRow<'conflict'>;

export interface OutboxEntry {
  seq?: number;
  mutationId: string;
  kind: string;
  recordId: string;
  mutation: Mutation;
  createdAt: string;
  /** Times the server failed applying it (answered INTERNAL); absent until it first fails. */
  attempts?: number;
  /**
   * Taken from another device's export file: this device never applied it to its own copy, so
   * its answer cannot be settled (see holdsEveryRecord).
   */
  imported?: true;
}

/** A change the server kept failing on, set aside so that the rest flows (see applyPushResults). */
export interface SetAside {
  attempts: number;
  /** The app's version when it was set aside: a new version sends it again. */
  appVersion: string;
  /** Its place in the outbox, where it goes back to. */
  seq: number;
  createdAt: string;
  /** It came from another device's export (see OutboxEntry.imported), and goes back marked so. */
  imported?: true;
}

/** A change the server refused for good, or set aside: kept with its reason until a person acts. */
export interface QuarantineEntry {
  mutationId: string;
  kind: string;
  recordId: string;
  mutation: Mutation;
  error: ApiError;
  at: string;
  setAside?: SetAside;
}

/** A file on the device: kept until the server has verified it, then as a cache. */
export interface LocalFile {
  hash: string;
  name: string;
  type: string;
  size: number;
  bytes: Uint8Array;
  /** Bytes the server has confirmed. */
  sent: number;
  state: 'queued' | 'sent' | 'failed';
  error: ApiError | null;
  attempts: number;
  nextAttemptAt: string;
  createdAt: string;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

/** One table per record kind, named after it (generated from the kind specs). */
type KindTables = { [K in RecordKind]: Table<LocalRow<K>, string> };

// Dexie defines a property per declared table: the kind tables are typed here, not declared as fields.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface GelDb extends KindTables {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class GelDb extends Dexie {
  file!: Table<LocalFile, string>;
  outbox!: Table<OutboxEntry, number>;
  quarantine!: Table<QuarantineEntry, string>;
  meta!: Table<MetaEntry, string>;
  /** Kept by the tally middleware only: read it, never write it. */
  tally!: Table<TallyRow, [string, string]>;

  /** `build`: this build's id (tests open one database as two builds). */
  constructor(name: string, build: string = BUILD_ID) {
    super(name);
    SCHEMA_HISTORY.forEach((stores, i) => this.version(i + 1).stores(stores));
    // Derived index fields and the tallies are recomputed on every schema upgrade
    // (idempotent), so a new derived index or tally is filled on devices that already hold records.
    this.version(LOCAL_SCHEMA_VERSION.number)
      .stores(localStores())
      .upgrade(async (tx) => {
        await tx
          .table('pqrsd')
          .toCollection()
          .modify((r: { lifecycle?: Lifecycle; _openDue?: string }) => {
            const due = r.lifecycle ? openDueDate(r.lifecycle) : undefined;
            if (due === undefined) delete r._openDue;
            else r._openDue = due;
          });
        await rebuildAndStamp(tx, build);
      });
    this.use(tallyMiddleware());
    // Another build may have written since this device last counted: recount once (sticky: every open).
    this.on('ready', () => ensureTalliesOf(this, build), true);
    // A newer build upgrading the schema in another tab: this tab stops (see ../db/superseded.ts).
    // Dexie's own listener closes and reopens on the next use; this one runs before it (Dexie
    // calls the latest first), closes for good and stops it by returning false.
    this.on('versionchange', (ev: IDBVersionChangeEvent) => {
      if (!ev.newVersion) return undefined; // a deletion (signing out of the device): Dexie's default applies
      this.close();
      markSuperseded();
      return false;
    });
  }
}

/** One database per signed-in user, so switching accounts never mixes or loses work. */
export function openDb(userId: string): GelDb {
  return new GelDb(`gel-campo-${userId}`);
}

export async function getMeta<T>(db: GelDb, key: string): Promise<T | undefined> {
  return (await db.meta.get(key))?.value as T | undefined;
}

export async function setMeta(db: GelDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

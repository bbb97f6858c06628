import type { MutationResult } from '#shared/sync-protocol';
import type { Role, User } from '#shared/roles';
import type { AuditEntry, StoredAuditEntry } from '../audit/audit-chain';

export type { AuditEntry, StoredAuditEntry };

export interface FieldStamp {
  rev: number;
  device: string;
}

/** A record as the server keeps it: the latest state plus what merging needs. */
export interface StoredRecord {
  municipality: string;
  kind: string;
  id: string;
  rev: number;
  /** Position in its municipality's change sequence (the partition's); pulls read by it. */
  seq: number;
  data: Record<string, unknown>;
  /** For each field, the revision and device that last changed it: the basis of field-level merge. */
  fieldRevs: Record<string, FieldStamp>;
  updatedAt: string;
  updatedBy: string;
  /**
   * The device that holds this state exactly as stored, because its push answer carried it
   * (see `settled` in the sync protocol): that device's pulls leave the record out. Absent for
   * any other write (another rule, an import, a merge the device did not see), which every
   * device then pulls. Set only by passing it to saveRecord, never carried along by a copy.
   */
  origin?: string;
}

export type NewRecordState = Omit<StoredRecord, 'seq' | 'origin'>;

export interface Receipt {
  mutationId: string;
  deviceId: string;
  userId: string;
  result: MutationResult;
  at: string;
}

export interface StoredUser extends User {
  passwordHash: string;
  active: boolean;
  createdAt: string;
}

/** What an admin may change of a user afterwards. */
export type UserPatch = Partial<Pick<StoredUser, 'displayName' | 'role' | 'dependencia' | 'active' | 'passwordHash' | 'mustChangePassword'>>;

export interface SessionRow {
  tokenHash: string;
  userId: string;
  deviceId: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** What the server last heard from a device (admin screens: last contact, pending, version). */
export interface DeviceRow {
  deviceId: string;
  userId: string;
  municipality: string;
  lastContactAt: string;
  appVersion: string | null;
  pendingReported: number | null;
  /** How the admin recognises it ("Chrome en Android · 30/11/2026", or the name they gave); kept once set. */
  name?: string | null;
}

/** A failed sign-in: the username as typed (known or not) and the client's address. */
export interface SignInFailure {
  username: string;
  address: string;
  at: string;
}

/**
 * The key a device seals its export files with: one per device id, bound to the user who
 * first signed in on it. Never listed with the devices (the admin screens must not show it).
 */
export interface DeviceKeyRow {
  deviceId: string;
  userId: string;
  municipality: string;
  secret: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Failures recorded before an attempt, within the window: how many and the latest. */
export interface FailureTally {
  count: number;
  lastAt: string | null;
}

/** A publication waiting to be sent to the external CMS (the outbound connector). */
export interface OutboundEntry {
  id: string;
  municipality: string;
  payload: unknown;
  createdAt: string;
}

export interface OutboundRow extends OutboundEntry {
  attempts: number;
  nextAttemptAt: string;
  deliveredAt: string | null;
  lastError: string | null;
}

/**
 * A budget refilled continuously (a token bucket): `capacity` units at most, refilled at
 * `capacity` per `periodMs`. Kept in the database, so it holds across server instances.
 */
export interface BudgetRule {
  capacity: number;
  periodMs: number;
}

/** A record that points at a file, and who put that reference there. */
export interface FileReference {
  record: StoredRecord;
  addedBy: string;
}

/** Where a gap-free series stands: the last number given. */
export interface SeriesPosition {
  municipality: string;
  name: string;
  year: number;
  last: number;
}

/** The fields records point at other records with (each has an index on both stores). */
export type ReferenceField = 'requestId' | 'recordId';

/**
 * Operations that must run inside one transaction (a push batch). A transaction belongs to one
 * municipality (its partition): it holds that municipality's writer lock, and every write it makes
 * (records, series, audit entries) goes to that municipality's sequence, series and audit chain.
 * Writing another municipality's record from it throws (see assertPartition).
 */
export interface StoreTx {
  /** The municipality whose writer lock this transaction holds. */
  readonly municipality: string;
  getReceipt(mutationId: string): Promise<Receipt | null>;
  /** The receipts of a whole batch, in one query (those that exist, in no particular order). */
  getReceipts(mutationIds: readonly string[]): Promise<Receipt[]>;
  putReceipt(receipt: Receipt): Promise<void>;
  /** Several receipts in one multi-row statement; a duplicate id fails it whole. */
  putReceipts(receipts: readonly Receipt[]): Promise<void>;
  getRecord(municipality: string, kind: string, id: string): Promise<StoredRecord | null>;
  /** The current records of a whole batch, in one query (those that exist, in no particular order). */
  getRecords(municipality: string, keys: readonly { kind: string; id: string }[]): Promise<StoredRecord[]>;
  /**
   * Writes the record's new state and gives it the next change sequence number. `origin`: the
   * device that holds exactly this state (StoredRecord.origin); omitted, every device pulls it.
   */
  saveRecord(state: NewRecordState, origin?: string | null): Promise<number>;
  /**
   * Takes the municipality's next change number for a record written later by writeRecords
   * (set-wise writes, see sync/batch-tx.ts). Counted in memory under the writer lock and stored
   * with the commit; a number taken and never written is a harmless gap (pulls read `seq > n`).
   */
  takeSeq(): number;
  /**
   * Writes records in multi-row statements (upserts by municipality, kind and id), each with a
   * seq this transaction took (takeSeq); one row per record (the last state of a record written
   * twice is the only one kept). Each record's `origin` is written as given (absent: none).
   */
  writeRecords(records: readonly StoredRecord[]): Promise<void>;
  /** Next number of a gap-free series (e.g. radicados) per municipality and year. */
  nextInSeries(municipality: string, series: string, year: number): Promise<number>;
  /** The last number given in a series (0 if none yet): a batch counts on from it in memory. */
  seriesLast(municipality: string, series: string, year: number): Promise<number>;
  /** Stores where series stand (a batch's numbers given in memory), in one statement. */
  writeSeries(rows: readonly SeriesPosition[]): Promise<void>;
  /** Every record of a kind, read inside the transaction (to derive reports). */
  recordsOfKind(municipality: string, kind: string): Promise<StoredRecord[]>;
  /** Records of a kind that point at one record: a request's steps, or the conflicts about a record. */
  recordsReferencing(municipality: string, kind: string, field: ReferenceField, value: string): Promise<StoredRecord[]>;
  /** Records of the municipality whose data contains `text`, seen from inside the transaction. */
  recordsMentioning(municipality: string, text: string, limit: number): Promise<StoredRecord[]>;
  /**
   * Deletes a record for good (habeas data: a roster entry re-created under a new id). Devices
   * learn of it only by starting over (see sync/resync.ts): nothing in a pull names it.
   */
  deleteRecord(municipality: string, kind: string, id: string): Promise<void>;
  /** Queues a publication for the outbound connector, committed with the push. */
  enqueueOutbound(entry: OutboundEntry): Promise<void>;
  /** Store.fileReferences, seeing this transaction's own writes. */
  fileReferences(municipality: string, hash: string, addedBy: readonly string[] | null, limit: number): Promise<FileReference[]>;
  /**
   * Receipts of changes by users of the municipality whose result contains one of `texts`
   * (habeas data: a result may hold a value the server set on the person's record).
   */
  receiptsMentioning(municipality: string, texts: readonly string[], limit: number): Promise<Receipt[]>;
  /** Rewrites a receipt's stored result (habeas data only: a replay then answers the new one). */
  setReceiptResult(mutationId: string, result: Receipt['result']): Promise<void>;
  /** Every item queued for the external CMS by the municipality, delivered or not (habeas data). */
  outboundPayloads(municipality: string): Promise<{ id: string; payload: unknown }[]>;
  /** Rewrites a queued item's payload (habeas data: its text redacted). */
  setOutboundPayload(id: string, payload: unknown): Promise<void>;
  /** Appends to the transaction's municipality's keyed audit chain (the store's audit key); commits (or rolls back) with the transaction. */
  appendAudit(entry: AuditEntry): Promise<StoredAuditEntry>;
  /** appendAudit of several entries in order, with one read of the chain's head and one multi-row insert. */
  appendAudits(entries: readonly AuditEntry[]): Promise<StoredAuditEntry[]>;
  /** The municipality's key for officials' record ids, made on first use. */
  officialIdKey(municipality: string): Promise<string>;
  /** Runs `fn` so that, if it throws, only its own writes are undone. */
  savepoint<T>(fn: () => Promise<T>): Promise<T>;
}

/** A change as a pull reads it (see Store.pullRowsSince). */
export interface PullRow {
  kind: string;
  id: string;
  rev: number;
  seq: number;
  /** The record's data as JSON text. */
  dataJson: string;
  origin?: string;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  /**
   * Runs `fn` in one transaction holding `municipality`'s writer lock: transactions of one
   * municipality run one after another (a change's seq is its commit order), those of different
   * municipalities never wait for each other's lock (PostgreSQL commits them in parallel).
   */
  transaction<T>(municipality: string, fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Changes after `afterSeq` in the municipality's sequence, of the given kinds, oldest first. */
  changesSince(municipality: string, kinds: readonly string[], afterSeq: number, limit: number): Promise<StoredRecord[]>;
  /**
   * changesSince as a pull sends it: each record's data as the stored JSON text (never parsed
   * unless a visibility rule reads it, spliced into the answer as is), without its field
   * revisions (which never leave the server).
   */
  pullRowsSince(municipality: string, kinds: readonly string[], afterSeq: number, limit: number): Promise<PullRow[]>;
  countRecords(municipality: string, kind?: string): Promise<number>;
  /** Every record of a kind in a municipality (small kinds: portal items, plan data). */
  recordsOfKind(municipality: string, kind: string): Promise<StoredRecord[]>;
  dueOutbound(now: string, limit: number): Promise<OutboundRow[]>;
  markOutbound(id: string, patch: Partial<Pick<OutboundRow, 'attempts' | 'nextAttemptAt' | 'deliveredAt' | 'lastError'>>): Promise<void>;
  /** One record, read outside any push (a pull deciding what a person may see). */
  getRecord(municipality: string, kind: string, id: string): Promise<StoredRecord | null>;
  /**
   * Records of a municipality whose structured file fields (a request's `files`, a draft's
   * `images`) point at this file, oldest first; only references added by `addedBy` when given.
   * Free text never counts: the references are kept by the database from those fields alone.
   */
  fileReferences(municipality: string, hash: string, addedBy: readonly string[] | null, limit: number): Promise<FileReference[]>;
  /** A citizen request by its official filing number (the public lookup). */
  findPqrsdByRadicado(radicado: string): Promise<StoredRecord | null>;
  /**
   * Citizen requests of a municipality by the provisional number a device printed offline (the
   * public lookup, with the verification code). Two devices may share a tag, so a few may match.
   */
  findPqrsdByProvisional(municipality: string, provisionalNumber: string): Promise<StoredRecord[]>;

  /** Appends one audit entry to the chain of its municipality, in its own transaction (e.g. a read of personal data). */
  appendAudit(entry: AuditEntry): Promise<StoredAuditEntry>;
  /** Entries of one audit chain after `afterSeq`, oldest first. */
  auditEntries(chain: string, afterSeq: number, limit: number): Promise<StoredAuditEntry[]>;
  /** Every audit chain that holds an entry: one per municipality, and LEGACY_AUDIT_CHAIN. */
  auditChains(): Promise<string[]>;

  ensureMunicipality(code: string, name: string): Promise<void>;
  listMunicipalities(): Promise<string[]>;
  /** A municipality's name (null if unknown): a password must not be made of it. */
  municipalityName(code: string): Promise<string | null>;
  countUsers(): Promise<number>;
  createUser(user: StoredUser): Promise<void>;
  findUserByUsername(username: string): Promise<StoredUser | null>;
  findUserById(id: string): Promise<StoredUser | null>;
  listUsers(municipality: string): Promise<StoredUser[]>;
  updateUser(id: string, patch: UserPatch): Promise<void>;

  createSession(session: SessionRow): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRow | null>;
  revokeSession(tokenHash: string, at: string): Promise<void>;
  /** Signs a device out: every session opened from it; its export key stops verifying too. */
  revokeDeviceSessions(municipality: string, deviceId: string, at: string): Promise<number>;
  /** Signs a user out everywhere. */
  revokeUserSessions(userId: string, at: string): Promise<number>;
  /**
   * Records a contact from a device. A device id belongs to the user who first used it: for
   * anyone else nothing is written and the answer is false (the row never moves to another
   * user or municipality).
   */
  touchDevice(device: DeviceRow): Promise<boolean>;
  listDevices(municipality: string): Promise<DeviceRow[]>;
  /** The admin's name for a device of their municipality; false when there is no such device there. */
  renameDevice(municipality: string, deviceId: string, name: string): Promise<boolean>;
  /**
   * The device's export key for this user: the current one, or a new one when it has none or
   * an admin revoked it. Null if the device id belongs to another user.
   */
  issueDeviceKey(key: Omit<DeviceKeyRow, 'revokedAt'>): Promise<DeviceKeyRow | null>;
  findDeviceKey(deviceId: string): Promise<DeviceKeyRow | null>;
  /**
   * A password reset: every export key of the user stops verifying for good (whoever reset it
   * knows the temporary password); their devices get new keys once the user chose their own.
   */
  revokeUserDeviceKeys(userId: string, at: string): Promise<number>;
  /** The municipality's key for officials' record ids, made on first use. */
  officialIdKey(municipality: string): Promise<string>;

  /**
   * Records an attempt as failed (until forgotten or cleared) and answers the failures recorded
   * before it since `since`: of that username from that address (`pair`) and of the address under
   * any username (`address`). Failures older than `since` are dropped for good.
   */
  recordSignInFailure(failure: SignInFailure, since: string): Promise<{ id: number; pair: FailureTally; address: FailureTally }>;
  /** An attempt refused before it was tried does not count. */
  forgetSignInFailure(id: number): Promise<void>;
  /** A success: that username's failures from that address; other addresses keep theirs. */
  clearSignInFailures(username: string, address: string): Promise<void>;
  /** A new password: the username's failures from every address. */
  clearUserSignInFailures(username: string): Promise<void>;

  /**
   * Takes `cost` from `key`'s budget at `nowMs`, atomically across instances. Answers 0 when
   * taken, else the milliseconds until the budget holds `cost` (nothing is taken then).
   * `overdraw`: takes it whatever the budget holds (what was already written is owed), possibly
   * below zero, so that later spends wait until the debt is refilled too; answers 0.
   */
  spendBudget(key: string, cost: number, rule: BudgetRule, nowMs: number, overdraw?: boolean): Promise<number>;

  close(): Promise<void>;
}

export type { Role };

/**
 * The audit chain of entries written before the partition by municipality (one chain for the
 * whole server), and of entries about no municipality (the seal). Municipalities have their own.
 */
export const LEGACY_AUDIT_CHAIN = '*';

/**
 * A seq written by writeRecords must have been taken by the same transaction (takeSeq): the
 * store alone numbers changes, in its municipality's sequence.
 */
export function assertTakenSeq(seq: number, locked: number, last: number): void {
  if (!Number.isInteger(seq) || seq <= locked || seq > last) throw new Error(`seq ${seq} was not taken by this transaction (${locked} < seq ≤ ${last})`);
}

/** A write of another municipality's data from a transaction holding one municipality's lock. */
export function assertPartition(tx: { municipality: string }, municipality: string, what: string): void {
  if (municipality !== tx.municipality) {
    throw new Error(`${what} of municipality ${municipality} inside a transaction of ${tx.municipality}: one transaction writes one municipality`);
  }
}

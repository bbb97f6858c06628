import { liveQuery, type Subscription } from 'dexie';
import { APP_VERSION } from '../app-version';
import { getMeta, setMeta, type GelDb, type OutboxEntry } from '../db/database';
import type { ApiError } from '#shared/errors';
import { recordsNamedBy, SYNC_LIMITS, type PullWireResponse } from '#shared/sync-protocol';
import { applyPulledPage } from './apply-changes';
import { applyPushResults, holdsEveryRecord, MAX_PUSH_ATTEMPTS } from './apply-push';
import { requeueSetAside } from './quarantine';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { INITIAL_STATUS, type SyncStatus } from './status';
import { ApiCallError } from '../api/client';
import type { FileTransport, Transport } from './transport';
import { fileProgress, releaseFileBackoffs, uploadQueuedFiles } from './file-uploader';
import { SyncEvents, type SyncEventMap, type SyncEventName } from './sync-events';

export interface EngineOptions {
  db: GelDb;
  transport: Transport & Partial<FileTransport>;
  deviceId: string;
  isOnline?: () => boolean;
  /** While online, sync this often even if nothing happened (others' changes). */
  intervalMs?: number;
  /** Wait this long after a local change before pushing, to batch a burst of edits. */
  debounceMs?: number;
  batchSize?: number;
  batchBytes?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** The running app's version: changes set aside under another one are sent again. */
  appVersion?: string;
  /** Times the server may fail applying one change before it is set aside. */
  maxAttempts?: number;
}

export type SyncTrigger = 'start' | 'online' | 'timer' | 'manual' | 'local-change' | 'retry';

/**
 * Moves the outbox to the server and the server's changes to the device. One run at a
 * time; triggers during a run schedule one more run. Failures back off with jitter,
 * except when the user asks or the link comes back. It knows no module: modules subscribe
 * to its events (`on`), see modules/sync-wiring.ts.
 */
export class SyncEngine {
  private status: SyncStatus = { ...INITIAL_STATUS };
  private readonly listeners = new Set<(s: SyncStatus) => void>();
  private running: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private intervalTimer: ReturnType<typeof setInterval> | null = null;
  private debounceTimer: ReturnType<typeof setTimeout> | null = null;
  /** The outbox watch: counts and pushes follow the table itself, whoever wrote to it. */
  private outboxWatch: Subscription | null = null;
  private batchSize: number;
  /** The server asked to wait (its push volume budget) until `until`, with this answer. */
  private pushPause: { until: number; error: ApiError } | null = null;
  private readonly opts: Required<Omit<EngineOptions, 'db' | 'transport' | 'deviceId'>> & EngineOptions;
  /** Before each push, and inside each transaction that applies what the server said. */
  readonly events = new SyncEvents();
  private readonly onOnline = () => {
    this.setStatus({ online: true });
    void this.trigger('online');
  };
  private readonly onOffline = () => this.setStatus({ online: false });

  constructor(options: EngineOptions) {
    this.opts = {
      isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine),
      intervalMs: 30_000,
      debounceMs: 800,
      // As much as the server takes in one push, within a size a rural link moves between its cuts.
      batchSize: SYNC_LIMITS.maxMutationsPerPush,
      batchBytes: SYNC_LIMITS.pushBatchBytes,
      backoff: DEFAULT_BACKOFF,
      random: Math.random,
      appVersion: APP_VERSION,
      maxAttempts: MAX_PUSH_ATTEMPTS,
      ...options,
    };
    this.batchSize = this.opts.batchSize;
  }

  on<E extends SyncEventName>(event: E, fn: SyncEventMap[E]): () => void {
    return this.events.on(event, fn);
  }

  getStatus(): SyncStatus {
    return this.status;
  }

  subscribe(fn: (s: SyncStatus) => void): () => void {
    this.listeners.add(fn);
    fn(this.status);
    return () => this.listeners.delete(fn);
  }

  /** Listens to the link and the clock, and syncs once now. */
  async start(): Promise<void> {
    await requeueSetAside(this.opts.db, this.events, this.opts.appVersion);
    this.setStatus({ online: this.opts.isOnline(), lastSyncAt: (await getMeta<string>(this.opts.db, 'lastSyncAt')) ?? null });
    await this.refreshCounts();
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.onOnline);
      window.addEventListener('offline', this.onOffline);
    }
    this.intervalTimer = setInterval(() => void this.trigger('timer'), this.opts.intervalMs);
    this.watchOutbox();
    void this.trigger('start');
  }

  /**
   * Any write of any kind lands in the outbox (commitLocalChange, an import, a requeue): the
   * status follows the tables after each commit (in this tab or another), and a new entry
   * schedules a push. No screen has to tell the engine anything.
   */
  private watchOutbox(): void {
    const { db } = this.opts;
    const query = async () => {
      const [pending, rejected, files, newest] = await Promise.all([
        db.outbox.count(),
        db.quarantine.count(),
        fileProgress(db),
        db.outbox.orderBy('seq').last(),
      ]);
      return { pending, rejected, files, newestSeq: newest?.seq ?? 0 };
    };
    let seen: Awaited<ReturnType<typeof query>> | null = null;
    this.outboxWatch = liveQuery(query).subscribe({
      next: (now) => {
        this.setStatus({ pending: now.pending, rejected: now.rejected, files: now.files });
        const before = seen;
        seen = { ...now, newestSeq: Math.max(now.newestSeq, before?.newestSeq ?? 0) };
        if (!before) return; // the first reading: start() syncs anyway
        // A new change, a new file, or a rejected change discarded (what waited behind it may go).
        const moved =
          now.newestSeq > before.newestSeq || now.files.pending > before.files.pending || (now.rejected < before.rejected && now.pending > 0);
        if (moved) this.pushSoon();
      },
      // The status would go stale: said loudly, and the timer still pushes every interval.
      error: (err: unknown) => console.error('Outbox watch failed', err),
    });
  }

  private pushSoon(): void {
    if (this.debounceTimer) clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => {
      this.debounceTimer = null;
      void this.trigger('local-change');
    }, this.opts.debounceMs);
  }

  stop(): void {
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.onOnline);
      window.removeEventListener('offline', this.onOffline);
    }
    this.outboxWatch?.unsubscribe();
    this.outboxWatch = null;
    for (const t of [this.retryTimer, this.debounceTimer]) if (t) clearTimeout(t);
    if (this.intervalTimer) clearInterval(this.intervalTimer);
    this.retryTimer = this.debounceTimer = this.intervalTimer = null;
  }

  /** The "Sincronizar ahora" button: skips any backoff wait. */
  syncNow(): Promise<void> {
    return this.trigger('manual');
  }

  /** After a new sign-in: resume what a rejected session stopped. */
  resumeAfterSignIn(): Promise<void> {
    this.setStatus({ needsSignIn: false, lastError: null });
    return this.trigger('manual');
  }

  async trigger(why: SyncTrigger): Promise<void> {
    if (this.status.needsSignIn && why !== 'manual') return;
    const urgent = why === 'manual' || why === 'online' || why === 'start';
    if (!urgent && this.retryTimer && why !== 'retry') return; // backing off
    if (why !== 'manual' && !this.opts.isOnline()) {
      this.setStatus({ online: false });
      return;
    }
    if (urgent && this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    if (urgent) {
      // The link is back or someone asked: files waiting out a backoff go now too (not those the server asked to wait).
      await releaseFileBackoffs(this.opts.db);
    }
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.runOnce();
    } while (this.again && !this.retryTimer && !this.status.needsSignIn);
  }

  private async runOnce(): Promise<void> {
    this.setStatus({ running: true });
    try {
      // Local work that becomes outbox changes (autosaved text) goes with this push.
      await this.events.emit('beforePush', this.opts.db);
      const pushed = await this.pushAll();
      // Pull even when some changes wait for a retry: one stuck change must not hide everyone else's work.
      // (Unless the last push brought the whole pull with it.)
      if (!pushed.pulled) await this.pullAll();
      if (pushed.paused) throw pushed.paused;
      if (pushed.retry) {
        throw new ApiCallError('retryable', { code: 'INTERNAL', message: 'El servidor no pudo aplicar algunos cambios; se reintentará' }, 500);
      }
      const at = new Date().toISOString();
      await setMeta(this.opts.db, 'lastSyncAt', at);
      this.failures = 0;
      this.setStatus({ lastSyncAt: at, lastError: null, nextRetryAt: null, online: true });
      // Files follow the records, on their own queue: the records are already safe.
      const t = this.opts.transport;
      if (t.startUpload && t.putChunk && t.download) {
        const { retryLater, serverWait } = await uploadQueuedFiles(this.opts.db, t as FileTransport, {
          backoff: this.opts.backoff,
          onProgress: () => void this.refreshCounts(),
        });
        // The server's upload budget: retry no sooner than it said, and say so.
        if (serverWait) throw new ApiCallError('retryable', serverWait.error, 429, Math.max(0, Date.parse(serverWait.until) - Date.now()));
        if (retryLater) throw new ApiCallError('retryable', { code: 'INTERNAL', message: 'Algunos archivos quedaron pendientes; se reanudarán donde quedaron' }, null);
      }
    } catch (err) {
      this.onFailure(err);
    } finally {
      await this.refreshCounts();
      this.setStatus({ running: false, sending: null });
    }
  }

  private onFailure(err: unknown): void {
    const te =
      err instanceof ApiCallError
        ? err
        : new ApiCallError('retryable', { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) }, null);
    const at = new Date().toISOString();
    if (te.kind === 'auth') {
      this.setStatus({ needsSignIn: true, lastError: { ...te.apiError, at } });
      return;
    }
    this.failures++;
    // Never sooner than the server asked.
    const delay = Math.max(backoffDelay(this.failures, this.opts.backoff, this.opts.random), te.retryAfterMs ?? 0);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.trigger('retry');
    }, delay);
    this.setStatus({
      lastError: { ...te.apiError, at },
      nextRetryAt: new Date(Date.now() + delay).toISOString(),
      // navigator.onLine is often true on a Wi-Fi with no way out: an unreachable server counts as offline.
      online: te.status !== null && this.opts.isOnline(),
    });
  }

  /**
   * The next changes to send, oldest first. Order is kept per record: a change waits while an
   * earlier one of a record it names is set aside, or was kept for a retry in this run
   * (`kept`); changes of other records go on.
   */
  private async nextBatch(kept: ReadonlySet<string>): Promise<{ batch: OutboxEntry[]; last: boolean }> {
    const { db } = this.opts;
    const held = new Set((await db.quarantine.filter((q) => q.setAside !== undefined).toArray()).map((q) => q.recordId.toLowerCase()));
    const batch: OutboxEntry[] = [];
    let bytes = 0;
    let after = 0;
    for (;;) {
      const page = await db.outbox.where('seq').above(after).limit(200).toArray();
      // `last`: nothing else could go in this run (what is left waits behind a held change).
      if (page.length === 0) return { batch, last: true };
      for (const e of page) {
        after = e.seq as number;
        if (kept.has(e.mutationId) || [...recordsNamedBy(e.mutation)].some((id) => held.has(id))) {
          held.add(e.recordId.toLowerCase());
          continue;
        }
        bytes += JSON.stringify(e.mutation).length;
        if (batch.length > 0 && bytes > this.opts.batchBytes) return { batch, last: false };
        batch.push(e);
        if (batch.length >= this.batchSize) return { batch, last: false };
      }
    }
  }

  /** While the server's wait lasts, the answer to give again (with the time left). */
  private pausedError(): ApiCallError | null {
    const pause = this.pushPause;
    if (!pause) return null;
    const left = pause.until - Date.now();
    if (left <= 0) {
      this.pushPause = null;
      this.setStatus({ pushPausedUntil: null });
      return null;
    }
    return new ApiCallError('retryable', pause.error, 429, left);
  }

  /**
   * Sends the outbox in batches. The last batch carries the pull too (one round trip when little
   * is waiting): `pulled` says the device is then up to date, with no pull left to make.
   */
  private async pushAll(): Promise<{ retry: boolean; paused: ApiCallError | null; pulled?: boolean }> {
    const { db, transport, deviceId } = this.opts;
    const waiting = this.pausedError();
    if (waiting) return { retry: true, paused: waiting };
    const total = await db.outbox.count();
    let done = 0;
    let pulled = false;
    if (total === 0) return { retry: false, paused: null };
    this.setStatus({ sending: { done, total } });
    const kept = new Set<string>();
    const policy = { appVersion: this.opts.appVersion, maxAttempts: this.opts.maxAttempts };
    for (;;) {
      const { batch, last } = await this.nextBatch(kept);
      if (batch.length === 0) return { retry: kept.size > 0, paused: null, pulled };
      let results;
      let page: PullWireResponse | undefined;
      try {
        const pull = last ? { pull: { cursor: (await getMeta<string | null>(db, 'cursor')) ?? null } } : {};
        const settle = await holdsEveryRecord(db, batch);
        ({ results, pull: page } = await transport.push({ deviceId, mutations: batch.map((e) => e.mutation), settle, ...pull }));
      } catch (err) {
        if (err instanceof ApiCallError && err.kind === 'too-large' && this.batchSize > 1) {
          this.batchSize = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        if (err instanceof ApiCallError && err.kind === 'too-large') {
          // A single change the server will never take: keep it aside, visible, and go on.
          await applyPushResults(db, this.events, batch, [{ status: 'rejected', mutationId: batch[0]?.mutationId ?? null, error: err.apiError }], new Date(), policy);
          continue;
        }
        if (err instanceof ApiCallError && err.status === 429 && err.retryAfterMs !== null) {
          // The server's volume budget: nothing of this push was applied; wait as long as it asked.
          this.pushPause = { until: Date.now() + err.retryAfterMs, error: err.apiError };
          this.setStatus({ pushPausedUntil: new Date(this.pushPause.until).toISOString() });
          return { retry: true, paused: err };
        }
        throw err;
      }
      const answered = await applyPushResults(db, this.events, batch, results, new Date(), policy);
      // The page was read after this push committed: it goes on top of its answers, as a pull would.
      if (page) await applyPulledPage(db, this.events, page.changes, page.cursor, page.reset === true, page.hasMore);
      pulled = page !== undefined && !page.hasMore;
      for (const id of answered.kept) kept.add(id);
      done += batch.length - answered.kept.length;
      this.setStatus({ sending: { done, total: Math.max(total, done) } });
      await this.refreshCounts();
    }
  }

  private async pullAll(): Promise<void> {
    const { db, transport } = this.opts;
    for (;;) {
      const cursor = (await getMeta<string | null>(db, 'cursor')) ?? null;
      const page = await transport.pull({ cursor });
      await applyPulledPage(db, this.events, page.changes, page.cursor, page.reset === true, page.hasMore);
      if (!page.hasMore) return;
    }
  }

  private async refreshCounts(): Promise<void> {
    const [pending, rejected, files] = await Promise.all([this.opts.db.outbox.count(), this.opts.db.quarantine.count(), fileProgress(this.opts.db)]);
    this.setStatus({ pending, rejected, files });
  }

  private setStatus(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    for (const fn of this.listeners) fn(this.status);
  }
}

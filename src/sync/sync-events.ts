import type { GelDb } from '../db/database';
import { parentOf, type RecordKind } from '#shared/records';

/** A record that sync wrote or removed on this device. */
export interface SyncedRecord<K extends RecordKind = RecordKind> {
  kind: K;
  id: string;
  /** What is known of it: the version pulled, or the change that was sent (a push answer, a discard). */
  data: Record<string, unknown>;
  /** Fields the local copy took from the server just now (a pulled version, or facts of a push answer). */
  fromServer?: Record<string, unknown>;
  removed?: true;
}

/** What the sync layer tells the modules, which subscribe to what they derive from it. */
export interface SyncEventMap {
  /** Before the outbox is pushed or exported: local work that becomes outbox changes (autosaved text). */
  beforePush: (db: GelDb) => Promise<unknown>;
  /**
   * Inside the transaction that applied a pulled page, push answers, a discarded or re-queued
   * change: the records it changed, so that derived local state follows in the same step.
   */
  applied: (db: GelDb, records: readonly SyncedRecord[]) => Promise<void>;
}

export type SyncEventName = keyof SyncEventMap;

export class SyncEvents {
  private readonly handlers: { [E in SyncEventName]: Set<SyncEventMap[E]> } = { beforePush: new Set(), applied: new Set() };

  /** Subscribes; returns the unsubscribe. Handlers run in subscription order, each awaited. */
  on<E extends SyncEventName>(event: E, fn: SyncEventMap[E]): () => void {
    this.handlers[event].add(fn);
    return () => this.handlers[event].delete(fn);
  }

  async emit<E extends SyncEventName>(event: E, ...args: Parameters<SyncEventMap[E]>): Promise<void> {
    for (const fn of this.handlers[event]) await (fn as (...a: Parameters<SyncEventMap[E]>) => Promise<unknown>)(...args);
  }
}

/**
 * Device-side state a kind derives from its records (a request's lifecycle with the unsent steps,
 * its search words), kept next to the kind's module and subscribed to `applied`.
 */
export interface ClientProjection<K extends RecordKind> {
  /**
   * After sync changed records of this kind, or records that belong to them (spec `parent`:
   * a request's steps), inside the same transaction. Each record comes once.
   */
  afterApply(db: GelDb, records: readonly SyncedRecord<K>[]): Promise<void>;
}

export type ClientProjections = { [K in RecordKind]?: ClientProjection<K> };

/** The `applied` listener that runs each kind's projection once with its records, parents included. */
export function projectionListener(projections: ClientProjections): SyncEventMap['applied'] {
  const projected = (kind: string): kind is RecordKind => Object.hasOwn(projections, kind);
  return async (db, records) => {
    const byKind = new Map<RecordKind, Map<string, SyncedRecord>>();
    const add = (r: SyncedRecord, asParent: boolean) => {
      if (!projected(r.kind)) return;
      const ofKind = byKind.get(r.kind) ?? new Map<string, SyncedRecord>();
      byKind.set(r.kind, ofKind);
      const seen = ofKind.get(r.id);
      if (seen && asParent) return;
      ofKind.set(r.id, seen ? { ...r, fromServer: r.fromServer ?? seen.fromServer } : r);
    };
    for (const r of records) {
      add(r, false);
      const parent = parentOf(r.kind, r.data);
      if (parent && projected(parent.kind)) add({ kind: parent.kind, id: parent.id, data: {} }, true);
    }
    for (const [kind, ofKind] of byKind) {
      await (projections[kind] as ClientProjection<RecordKind>).afterApply(db, [...ofKind.values()]);
    }
  };
}

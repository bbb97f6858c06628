// The little of PouchDB and express-pouchdb the benchmark uses (the packages ship no types).
declare module 'pouchdb-core' {
  export interface PouchReplicationResult {
    ok: boolean;
    docs_read: number;
    docs_written: number;
    doc_write_failures: number;
    errors: unknown[];
  }
  /** A one-shot replication: a promise that can be cancelled. */
  export type PouchReplication = Promise<PouchReplicationResult & { status?: string }> & { cancel(): void; on(event: 'change', fn: (info: unknown) => void): unknown };
  export interface PouchDatabase {
    bulkDocs(docs: Record<string, unknown>[]): Promise<{ ok?: boolean; error?: string; id?: string }[]>;
    info(): Promise<{ doc_count: number; update_seq: number | string }>;
    replicate: {
      to(target: PouchDatabase, opts?: Record<string, unknown>): PouchReplication;
      from(source: PouchDatabase, opts?: Record<string, unknown>): PouchReplication;
    };
    destroy(): Promise<void>;
    close(): Promise<void>;
  }
  export interface PouchStatic {
    new (name: string, opts?: Record<string, unknown>): PouchDatabase;
    plugin(plugin: unknown): PouchStatic;
    defaults(opts: Record<string, unknown>): PouchStatic;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-mapreduce' {
  const plugin: unknown;
  export default plugin;
}
declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  import type { PouchStatic } from 'pouchdb-core';
  function expressPouchDB(PouchDB: PouchStatic, opts?: Record<string, unknown>): RequestListener;
  export default expressPouchDB;
}

// pouchdb-fetch ships no types: the fetch PouchDB's http adapter uses in Node (node-fetch 2).
declare module 'pouchdb-fetch' {
  export function fetch(url: string, init?: Record<string, unknown>): Promise<unknown>;
}

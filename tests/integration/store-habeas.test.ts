// The store methods a suppression (habeas data) uses beyond the records, the same on SQLite and
// on a throwaway PostgreSQL: file references seen from inside the transaction that changes them,
// receipts found by the values they hold and rewritten, the CMS queue listed and rewritten.
import { describe, expect, it } from 'vitest';
import type { MutationResult } from '#shared/sync-protocol';
import type { NewRecordState, Receipt, Store, StoredUser } from '../../sync-server/store/store';
import { postgresCluster } from '../helpers/postgres-cluster';
import { bothStores, storedRecord, storedUser, storeEachTest } from '../helpers/stores';

const cluster = postgresCluster();
const STORES = bothStores(cluster);

const AT = '2026-03-10T15:00:00.000Z';

const rec = (kind: string, id: string, data: Record<string, unknown> = {}, over: Partial<NewRecordState> = {}) => storedRecord(AT, kind, id, data, over);
const user = (username: string, over: Partial<StoredUser> = {}) => storedUser(AT, username, over);

const receipt = (mutationId: string): Receipt => ({
  mutationId,
  deviceId: 'device-A',
  userId: 'user-a',
  result: { status: 'applied', mutationId, rev: 1, serverFields: { radicado: '95200-2026-000001' } } as MutationResult,
  at: AT,
});

describe.each(STORES)('%s store', (_dialect, open) => {
  let store: Store;
  storeEachTest(open, (s) => (store = s));

  it('sees its own writes to file references inside a transaction', async () => {
    const hash = 'd4'.repeat(32);
    await store.transaction('95200', (tx) => tx.saveRecord(rec('pqrsd', 'r1', { files: [{ hash }] })));
    await store.transaction('95200', async (tx) => {
      expect((await tx.fileReferences('95200', hash, ['user-a'], 10)).map((r) => r.record.id)).toEqual(['r1']);
      await tx.saveRecord(rec('pqrsd', 'r1', { files: [] }, { rev: 2 }));
      await tx.saveRecord(rec('portal_draft', 'd1', { images: [{ id: 'i1', hash }] }, { updatedBy: 'user-b' }));
      expect((await tx.fileReferences('95200', hash, ['user-a'], 10)).map((r) => r.record.id)).toEqual([]);
      expect((await tx.fileReferences('95200', hash, null, 10)).map((r) => `${r.record.id}@${r.addedBy}`)).toEqual(['d1@user-b']);
      expect(await tx.fileReferences('95200', hash, [], 10)).toEqual([]);
    });
  });

  it("finds the receipts of a municipality's users that hold a text, and rewrites one", async () => {
    await store.ensureMunicipality('95200', 'Miraflores');
    await store.ensureMunicipality('95015', 'Calamar');
    await store.createUser(user('a', { id: 'user-a' }));
    await store.createUser(user('c', { id: 'user-c', municipality: '95015' }));
    const holding = (mutationId: string, userId: string, idNumber: string) => ({
      ...receipt(mutationId),
      userId,
      result: { status: 'applied', mutationId, rev: 1, serverFields: { idNumber } } as MutationResult,
    });
    await store.transaction('95200', async (tx) => {
      await tx.putReceipt(holding('m1', 'user-a', '99887766'));
      await tx.putReceipt(holding('m2', 'user-a', '11223344'));
      await tx.putReceipt(holding('m3', 'user-c', '99887766'));
      await tx.putReceipt(receipt('m4'));
    });
    const found = (texts: string[]) => store.transaction('95200', async (tx) => (await tx.receiptsMentioning('95200', texts, 10)).map((r) => r.mutationId).sort());
    expect(await found(['99887766'])).toEqual(['m1']);
    expect(await found(['99887766', '11223344'])).toEqual(['m1', 'm2']);
    expect(await found(['55555555'])).toEqual([]);
    expect(await found([])).toEqual([]);
    expect((await store.transaction('95200', (tx) => tx.receiptsMentioning('95200', ['99887766'], 10)))[0]).toEqual(holding('m1', 'user-a', '99887766'));
    const scrubbed = holding('m1', 'user-a', '[suprimido]').result;
    await store.transaction('95200', (tx) => tx.setReceiptResult('m1', scrubbed));
    expect((await store.transaction('95200', (tx) => tx.getReceipt('m1')))?.result).toEqual(scrubbed);
    expect(await found(['99887766'])).toEqual([]);
    expect((await store.transaction('95200', (tx) => tx.getReceipt('m3')))?.result).toEqual(holding('m3', 'user-c', '99887766').result);
  });

  it("lists a municipality's outbound payloads, delivered or not, and rewrites one", async () => {
    await store.transaction('95200', async (tx) => {
      await tx.enqueueOutbound({ id: 'o2', municipality: '95200', payload: { item: { id: 'd1', title: 'B' } }, createdAt: '2026-03-10T15:00:01.000Z' });
      await tx.enqueueOutbound({ id: 'o1', municipality: '95200', payload: { item: { id: 'd1', title: 'A' } }, createdAt: AT });
      await tx.enqueueOutbound({ id: 'o3', municipality: '95015', payload: { item: { id: 'd9' } }, createdAt: AT });
    });
    await store.markOutbound('o1', { attempts: 1, deliveredAt: AT, lastError: null });
    const listed = () => store.transaction('95200', (tx) => tx.outboundPayloads('95200'));
    expect(await listed()).toEqual([
      { id: 'o1', payload: { item: { id: 'd1', title: 'A' } } },
      { id: 'o2', payload: { item: { id: 'd1', title: 'B' } } },
    ]);
    await store.transaction('95200', (tx) => tx.setOutboundPayload('o1', { item: { id: 'd1', title: '[suprimido]' } }));
    expect((await listed())[0]).toEqual({ id: 'o1', payload: { item: { id: 'd1', title: '[suprimido]' } } });
    expect((await store.dueOutbound('2026-03-10T16:00:00.000Z', 10)).map((o) => [o.id, o.payload])).toEqual([
      ['o3', { item: { id: 'd9' } }],
      ['o2', { item: { id: 'd1', title: 'B' } }],
    ]);
  });
});

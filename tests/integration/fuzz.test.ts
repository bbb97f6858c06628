// 1,000 malformed and edge-case requests over every route of ACCESS_MATRIX, with a fixed seed so
// a failure reproduces. Per case: no 5xx, API errors shaped { code, message, details? } with a
// known code, no mutation failing as INTERNAL, and every record written validates against its
// kind's schema. `npm run fuzz` runs the same harness with 10,000 cases and any seed.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, describeCase, newStats, record, statsTable, type Harness } from '../../scripts/fuzz';
import { fuzzCaseArb, ROUTE_KEYS } from '../fuzz/payloads';

const SEED = 20_260_312;
const NUM_RUNS = 1_000;

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('fuzzing every route in process', () => {
  it(`${NUM_RUNS} cases (seed ${SEED}): no 5xx, errors well shaped, nothing invalid stored`, async () => {
    const stats = newStats();
    await fc.assert(
      fc.asyncProperty(fuzzCaseArb(h.refs), async (c) => {
        const o = await h.run(c);
        record(stats, c, o);
        if (o.problems.length) throw new Error(`${o.problems.join('\n')}\ncase: ${describeCase(c)}`);
      }),
      { numRuns: NUM_RUNS, seed: SEED, endOnFailure: true },
    );
    const untouched = ROUTE_KEYS.filter((k) => (stats.get(k)?.cases ?? 0) === 0);
    expect(untouched, statsTable(stats)).toEqual([]);
    expect(await h.checkAllRecords()).toEqual([]);
  });
});

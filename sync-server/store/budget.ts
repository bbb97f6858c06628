import type pg from 'pg';
import type { BudgetRule } from './store';
import type { Prepare } from './sqlite-statements';

/** What a bucket holds at `nowMs`, refilled since it was last spent (a clock going back refills nothing). */
export function available(tokens: number, updatedAt: number, rule: BudgetRule, nowMs: number): number {
  return Math.min(rule.capacity, tokens + (Math.max(0, nowMs - updatedAt) * rule.capacity) / rule.periodMs);
}

const waitFor = (missing: number, rule: BudgetRule) => Math.max(1, Math.ceil((missing * rule.periodMs) / rule.capacity));

/** SQLite: one process owns the file, and the caller holds the store's lock; one transaction. */
export function sqliteSpendBudget(
  db: { transaction<T>(fn: () => T): () => T },
  prep: Prepare,
  key: string,
  cost: number,
  rule: BudgetRule,
  nowMs: number,
  overdraw = false,
): number {
  return db.transaction(() => {
    const row = prep('SELECT tokens, updated_at FROM budgets WHERE key = ?').get(key) as { tokens: number; updated_at: number } | undefined;
    const has = row ? available(row.tokens, row.updated_at, rule, nowMs) : rule.capacity;
    if (has < cost && !overdraw) return waitFor(cost - has, rule);
    prep(
      `INSERT INTO budgets (key, tokens, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET tokens = excluded.tokens, updated_at = excluded.updated_at`,
    ).run(key, has - cost, Math.max(nowMs, row?.updated_at ?? nowMs));
    return 0;
  })();
}

/**
 * PostgreSQL: one conditional UPDATE, atomic per row whichever instance runs it (a concurrent
 * spender waits for the row and its condition is checked again on the newer tokens).
 */
export async function pgSpendBudget(pool: pg.Pool, key: string, cost: number, rule: BudgetRule, nowMs: number, overdraw = false): Promise<number> {
  const refilled = 'LEAST($2::float8, tokens + GREATEST(0, $3::bigint - updated_at) * $2::float8 / $4::float8)';
  await pool.query('INSERT INTO budgets (key, tokens, updated_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING', [key, rule.capacity, nowMs]);
  const spent = await pool.query(
    `UPDATE budgets SET tokens = ${refilled} - $5::float8, updated_at = GREATEST(updated_at, $3::bigint)
     WHERE key = $1 AND ($6::boolean OR ${refilled} >= $5::float8)`,
    [key, rule.capacity, nowMs, rule.periodMs, cost, overdraw],
  );
  if (spent.rowCount === 1) return 0;
  const { rows } = await pool.query<{ has: number }>(`SELECT ${refilled} AS has FROM budgets WHERE key = $1`, [key, rule.capacity, nowMs, rule.periodMs]);
  return waitFor(cost - Number(rows[0]?.has ?? 0), rule);
}

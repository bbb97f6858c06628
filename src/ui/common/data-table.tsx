import type { ComponentChildren } from 'preact';
import { messages as m } from '../i18n/es-CO';

/** One column: its header, and what each row shows in it. */
export interface Column<R> {
  label: ComponentChildren;
  cell(row: R): ComponentChildren;
  /** On the cell (e.g. a test id), when one column is checked on its own. */
  cellProps?: Record<string, string>;
}

interface Props<R> {
  /** `false` leaves a column out (one only some users see). */
  columns: readonly (Column<R> | false)[];
  rows: readonly R[];
  rowKey(row: R): string | number;
  /** Attributes of a row (test ids, a class). */
  rowProps?(row: R): Record<string, string | undefined>;
  caption?: ComponentChildren;
  testId?: string;
  /** In a horizontally scrolling box (default), for tables wider than a phone. */
  wrap?: boolean;
  /** What the scrolling box is called for screen readers when the caption is not plain text. */
  label?: string;
}

/** A column's header as plain text, shown beside each value when a phone shows rows as cards. */
function textOf(label: ComponentChildren): string | undefined {
  return typeof label === 'string' || typeof label === 'number' ? String(label) : undefined;
}

/**
 * The box a wide table scrolls in: a named region the keyboard can reach (tabindex=0), so a
 * keyboard user can scroll it too (axe: scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

/**
 * A table of records: column headers (scope=col), the first cell of each row naming it (a row
 * header, scope=row), an optional caption; the same markup everywhere, for screen readers.
 */
export function DataTable<R>({ columns, rows, rowKey, rowProps, caption, testId, wrap = true, label }: Props<R>) {
  const cols = columns.filter((c): c is Column<R> => c !== false);
  // On a phone each row is a card: every value under its column's name (styles.css, table.cards).
  const table = (
    <table data-testid={testId} class="cards">
      {caption && <caption>{caption}</caption>}
      <thead>
        <tr>
          {cols.map((c, i) => (
            <th key={i} scope="col">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)} {...rowProps?.(r)}>
            {cols.map((c, i) =>
              i === 0 ? (
                <th key={i} scope="row" {...c.cellProps}>
                  {c.cell(r)}
                </th>
              ) : (
                <td key={i} data-label={textOf(c.label)} {...c.cellProps}>
                  {c.cell(r)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return wrap ? <TableScroll label={label ?? textOf(caption) ?? m.table}>{table}</TableScroll> : table;
}

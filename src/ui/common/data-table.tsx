import type { ComponentChildren } from 'preact';

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
}

/**
 * A table of records: column headers (scope=col), the first cell of each row naming it (a row
 * header, scope=row), an optional caption; the same markup everywhere, for screen readers.
 */
export function DataTable<R>({ columns, rows, rowKey, rowProps, caption, testId, wrap = true }: Props<R>) {
  const cols = columns.filter((c): c is Column<R> => c !== false);
  const table = (
    <table data-testid={testId}>
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
                <td key={i} {...c.cellProps}>
                  {c.cell(r)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return wrap ? <div class="table-wrap">{table}</div> : table;
}

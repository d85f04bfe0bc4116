import type { ReactNode } from 'react';

/** How a column's head is shown, beyond its text. */
export interface DescribedHead {
  readonly label: ReactNode;
  /** read by screen readers only (an actions column's head) */
  readonly hidden?: boolean;
  /** figures, aligned as figures */
  readonly number?: boolean;
  readonly className?: string;
}

/** A column's head: its text, or the text with how the column is shown. */
export type ColumnHead = ReactNode | DescribedHead;

function isDescribed(head: ColumnHead): head is DescribedHead {
  return typeof head === 'object' && head !== null && 'label' in head;
}

function headCell(head: ColumnHead, i: number) {
  if (!isDescribed(head)) {
    return (
      <th key={i} scope="col">
        {head}
      </th>
    );
  }
  const className = [head.number ? 'number-cell' : undefined, head.className].filter(Boolean).join(' ') || undefined;
  return (
    <th key={i} scope="col" className={className}>
      {head.hidden ? <span className="visually-hidden">{head.label}</span> : head.label}
    </th>
  );
}

export interface DataTableProps {
  /** the heading that names the table */
  readonly labelledBy?: string;
  /** classes beside `table` */
  readonly className?: string;
  readonly columns: readonly ColumnHead[];
  /** the body's rows */
  readonly children: ReactNode;
  readonly foot?: ReactNode;
  /** scrolls sideways inside its own box when wider than the page (default); false when the page around it scrolls */
  readonly scroll?: boolean;
}

/**
 * The screens' one table: column heads scoped as such, the body's rows as the caller draws them, and
 * a box that scrolls sideways on a narrow screen so the page itself never does.
 */
export function DataTable({ labelledBy, className, columns, children, foot, scroll = true }: DataTableProps) {
  const table = (
    <table className={className ? `table ${className}` : 'table'} aria-labelledby={labelledBy}>
      <thead>
        <tr>{columns.map(headCell)}</tr>
      </thead>
      <tbody>{children}</tbody>
      {foot}
    </table>
  );
  return scroll ? <div className="table-scroll">{table}</div> : table;
}

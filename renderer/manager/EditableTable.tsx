import { Fragment, useRef, useState, type ReactNode } from 'react';
import { DataTable, type ColumnHead } from '../components/DataTable';
import { EmptyState } from '../components/EmptyState';
import { fa } from '../i18n/fa';
import { FormNotice } from '../components/FormFooter';

type Which = number | 'new';

/** What the form in an opened row may do: say it saved (with the sentence to show), or give up. */
export interface RowForm {
  readonly saved: (notice: string) => void;
  readonly cancel: () => void;
}

export interface EditableTableProps<Row extends { id: number }> {
  /** the heading's id: it names the section and the table */
  readonly titleId: string;
  readonly title: string;
  /** the «افزودن …» button */
  readonly addLabel: string;
  /** said instead of the table while there is no row */
  readonly empty: string;
  /** the heads of the row's own cells */
  readonly columns: readonly ColumnHead[];
  /** the edit buttons' column, named for screen readers only */
  readonly actionsHead: string;
  readonly rows: readonly Row[];
  /** a row's own cells, without the edit button's */
  readonly cells: (row: Row) => ReactNode;
  readonly rowClassName?: (row: Row) => string | undefined;
  /** the edit button's accessible name, naming the row */
  readonly editLabel: (row: Row) => string;
  /** the form opened in place of a row (or for a new one); it calls `saved` or `cancel` */
  readonly form: (row: Row | undefined, done: RowForm) => ReactNode;
}

/**
 * The manager's editable lists (services, counters): a table whose rows open in place into a form,
 * one at a time, and «افزودن …» opening an empty one at the end. Closing a form gives the keyboard
 * back to the button that opened it; a save is said once, above the table.
 */
export function EditableTable<Row extends { id: number }>(props: EditableTableProps<Row>) {
  const { titleId, title, addLabel, empty, columns, actionsHead, rows, cells, rowClassName, editLabel, form } = props;
  const [editing, setEditing] = useState<Which | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const openers = useRef(new Map<Which, HTMLButtonElement | null>());
  const mq = fa.managerQueue;

  const open = (which: Which) => {
    setNotice(null);
    setEditing(which);
  };
  // Back to the button that opened the form, so the keyboard carries on where it was.
  const close = (which: Which) => {
    setEditing(null);
    queueMicrotask(() => openers.current.get(which)?.focus());
  };
  const opener = (which: Which) => (b: HTMLButtonElement | null) => void openers.current.set(which, b);

  const formRow = (row: Row | undefined) => {
    const which = row?.id ?? 'new';
    return (
      <tr className="edit-row">
        <td colSpan={columns.length + 1}>
          {form(row, {
            saved: (text) => {
              setNotice(text);
              close(which);
            },
            cancel: () => close(which),
          })}
        </td>
      </tr>
    );
  };

  return (
    <section className="card" aria-labelledby={titleId}>
      <div className="card-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button" ref={opener('new')} aria-expanded={editing === 'new'} onClick={() => open('new')}>
          {addLabel}
        </button>
      </div>
      <FormNotice notice={notice} />
      {rows.length === 0 && editing !== 'new' ? (
        <EmptyState>{empty}</EmptyState>
      ) : (
        <DataTable labelledBy={titleId} columns={[...columns, { label: actionsHead, hidden: true }]}>
          {rows.map((row) => (
            <Fragment key={row.id}>
              <tr className={rowClassName?.(row)}>
                {cells(row)}
                <td>
                  <button type="button" className="button button-quiet" ref={opener(row.id)} aria-expanded={editing === row.id} aria-label={editLabel(row)} onClick={() => open(row.id)}>
                    {mq.edit}
                  </button>
                </td>
              </tr>
              {editing === row.id && formRow(row)}
            </Fragment>
          ))}
          {editing === 'new' && formRow(undefined)}
        </DataTable>
      )}
    </section>
  );
}

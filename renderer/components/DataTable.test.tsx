import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DataTable } from './DataTable';

describe('DataTable', () => {
  it('names the table by its heading, scopes every head as a column, and keeps the rows as drawn', () => {
    render(
      <section>
        <h3 id="t-title">باجه‌ها</h3>
        <DataTable labelledBy="t-title" className="x-list" columns={['شماره', { label: 'منتظر', number: true }, { label: 'کارها', hidden: true }]}>
          <tr>
            <th scope="row">باجهٔ ۱</th>
            <td className="number-cell">۳</td>
            <td />
          </tr>
        </DataTable>
      </section>,
    );
    const table = screen.getByRole('table', { name: 'باجه‌ها' });
    expect(table.className).toBe('table x-list');
    expect(table.parentElement?.className).toBe('table-scroll');
    const heads = within(table).getAllByRole('columnheader');
    expect(heads.map((h) => h.textContent)).toEqual(['شماره', 'منتظر', 'کارها']);
    expect(heads.map((h) => h.getAttribute('scope'))).toEqual(['col', 'col', 'col']);
    expect(heads[1]!.className).toBe('number-cell');
    expect(heads[0]!.hasAttribute('class')).toBe(false);
    expect(heads[2]!.querySelector('.visually-hidden')?.textContent).toBe('کارها');
    expect(within(table).getByRole('rowheader').textContent).toBe('باجهٔ ۱');
  });

  it('leaves the scrolling to the page around it when asked, and draws a footer', () => {
    const { container } = render(
      <DataTable scroll={false} columns={['الف']} foot={<tfoot><tr><td>جمع</td></tr></tfoot>}>
        <tr>
          <td>۱</td>
        </tr>
      </DataTable>,
    );
    expect(container.querySelector('.table-scroll')).toBeNull();
    expect(container.querySelector('table > tfoot')?.textContent).toBe('جمع');
    expect(container.querySelector('table')?.className).toBe('table');
  });
});

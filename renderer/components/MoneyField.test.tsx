import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { MoneyField } from './MoneyField';

function Harness({ initial = '', onValue }: { initial?: string; onValue?: (v: string) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <MoneyField
      label="مبلغ"
      value={value}
      onChange={(v) => {
        setValue(v);
        onValue?.(v);
      }}
    />
  );
}

describe('MoneyField', () => {
  it('groups the figure while it is typed and shows it in Persian digits whatever digits were typed', () => {
    const onValue = vi.fn();
    render(<Harness onValue={onValue} />);
    const input = screen.getByLabelText('مبلغ');
    fireEvent.change(input, { target: { value: '125000' } });
    expect(input).toHaveValue('۱۲۵٬۰۰۰');
    fireEvent.change(input, { target: { value: '۱۲۵٬۰۰۰0' } });
    expect(input).toHaveValue('۱٬۲۵۰٬۰۰۰');
    expect(onValue).toHaveBeenLastCalledWith('۱٬۲۵۰٬۰۰۰');
  });

  it('reads the amount in words under the field, in rials and in tomans', () => {
    render(<Harness initial="۱٬۲۵۰٬۰۰۰" />);
    expect(screen.getByText('یک میلیون و دویست و پنجاه هزار ریال')).toBeInTheDocument();
    expect(screen.getByText('(صد و بیست و پنج هزار تومان)')).toBeInTheDocument();
    expect(screen.getByText('یک میلیون و دویست و پنجاه هزار ریال').closest('[aria-live]')).toBeInTheDocument();
  });

  it('leaves the tomans out when the rials are not whole tomans, and shows no words for no amount', () => {
    const { container } = render(<Harness initial="۱۲۵" />);
    expect(screen.getByText('صد و بیست و پنج ریال')).toBeInTheDocument();
    expect(container.textContent).not.toContain('تومان');
    fireEvent.change(screen.getByLabelText('مبلغ'), { target: { value: '' } });
    expect(container.querySelector('.money-words')?.textContent).toBe('');
  });

  it('keeps the caret after the digit just typed when the separators move', () => {
    render(<Harness initial="۱۲۵٬۰۰۰" />);
    const input = screen.getByLabelText<HTMLInputElement>('مبلغ');
    input.focus();
    // a «9» typed after the first digit: «۱9۲۵٬۰۰۰» → «۱٬۹۲۵٬۰۰۰», caret after the 9
    // as the browser does it: the value changes under React's tracker, the caret stays after the 9
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, '۱9۲۵٬۰۰۰');
    input.setSelectionRange(2, 2);
    fireEvent.input(input);
    expect(input).toHaveValue('۱٬۹۲۵٬۰۰۰');
    expect(input.selectionStart).toBe(3);
  });
});

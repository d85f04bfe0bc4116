import { fireEvent, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { submitFromSelect } from './enterOnSelect';

function Form({ onSubmit }: { onSubmit: () => void }) {
  useEffect(() => {
    window.addEventListener('keydown', submitFromSelect);
    return () => window.removeEventListener('keydown', submitFromSelect);
  }, []);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label htmlFor="s">خدمت</label>
      <select id="s" defaultValue="a">
        <option value="a">الف</option>
      </select>
      <label htmlFor="n">یادداشت</label>
      <textarea id="n" />
      <button type="submit">ثبت</button>
    </form>
  );
}

describe('Enter on a select', () => {
  it('submits the step form, as Enter does from an input', () => {
    const onSubmit = vi.fn();
    render(<Form onSubmit={onSubmit} />);
    fireEvent.keyDown(screen.getByLabelText('خدمت'), { key: 'Enter' });
    expect(onSubmit).toHaveBeenCalledOnce();
  });

  it('leaves other fields and other keys alone', () => {
    const onSubmit = vi.fn();
    render(<Form onSubmit={onSubmit} />);
    fireEvent.keyDown(screen.getByLabelText('یادداشت'), { key: 'Enter' });
    fireEvent.keyDown(screen.getByLabelText('خدمت'), { key: 'ArrowDown' });
    fireEvent.keyDown(screen.getByLabelText('خدمت'), { key: 'Enter', shiftKey: true });
    expect(onSubmit).not.toHaveBeenCalled();
  });
});

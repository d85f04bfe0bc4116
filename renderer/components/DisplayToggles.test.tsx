import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fa } from '../i18n/fa';
import { readDisplayPrefs } from '../app/displayPrefs';
import { DisplayToggles } from './DisplayToggles';

const t = fa.display;
const root = () => document.documentElement;

afterEach(() => {
  localStorage.clear();
  delete root().dataset.text;
  delete root().dataset.contrast;
});

describe('DisplayToggles (ماده ۴۷ پ)', () => {
  it('turns large text and high contrast on and off from buttons, on the page root', () => {
    render(<DisplayToggles shell="kiosk" />);
    const large = screen.getByRole('button', { name: t.largeText });
    const contrast = screen.getByRole('button', { name: t.highContrast });
    expect(large).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(large);
    expect(large).toHaveAttribute('aria-pressed', 'true');
    expect(root().dataset.text).toBe('large');
    expect(root().dataset.contrast).toBeUndefined();
    fireEvent.click(contrast);
    expect(root().dataset.contrast).toBe('high');
    fireEvent.click(large);
    expect(root().dataset.text).toBeUndefined();
    expect(root().dataset.contrast).toBe('high');
  });

  it('remembers the modes on this device, per screen, and puts them back on the next visit', () => {
    const first = render(<DisplayToggles shell="applicant" />);
    fireEvent.click(screen.getByRole('button', { name: t.highContrast }));
    first.unmount();
    // the screen gone, its modes are off the page
    expect(root().dataset.contrast).toBeUndefined();
    expect(readDisplayPrefs('applicant')).toEqual({ largeText: false, highContrast: true });
    expect(readDisplayPrefs('counter')).toEqual({ largeText: false, highContrast: false });
    render(<DisplayToggles shell="applicant" />);
    expect(screen.getByRole('button', { name: t.highContrast })).toHaveAttribute('aria-pressed', 'true');
    expect(root().dataset.contrast).toBe('high');
  });

  it('takes a stored value it cannot read as the default', () => {
    localStorage.setItem('daftaryar.display.kiosk', '{not json');
    expect(readDisplayPrefs('kiosk')).toEqual({ largeText: false, highContrast: false });
    localStorage.setItem('daftaryar.display.kiosk', JSON.stringify({ largeText: 'yes', highContrast: true }));
    expect(readDisplayPrefs('kiosk')).toEqual({ largeText: false, highContrast: true });
  });
});

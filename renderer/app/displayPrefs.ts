/**
 * Large text and high contrast (ماده ۴۷ پ) on the kiosk, the applicant screen and the counter: two
 * switches a person reaches by keyboard or touch, kept per device and screen in the browser's storage
 * (the counter PC's applicant window keeps its own). They set `data-text` / `data-contrast` on the
 * page's root; the stylesheet does the rest with its custom properties (styles/app.css § Display modes).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Shell } from '../../core/roles';

export interface DisplayPrefs {
  largeText: boolean;
  highContrast: boolean;
}

export const DEFAULT_DISPLAY_PREFS: DisplayPrefs = { largeText: false, highContrast: false };

const key = (shell: Shell) => `daftaryar.display.${shell}`;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage refused (a locked-down browser): the modes work, unremembered
  }
}

/** What this device remembers for the screen; anything unreadable is the default. */
export function readDisplayPrefs(shell: Shell): DisplayPrefs {
  const raw = storage()?.getItem(key(shell));
  if (!raw) return DEFAULT_DISPLAY_PREFS;
  try {
    const v = JSON.parse(raw) as Partial<Record<keyof DisplayPrefs, unknown>>;
    return { largeText: v.largeText === true, highContrast: v.highContrast === true };
  } catch {
    return DEFAULT_DISPLAY_PREFS;
  }
}

export function writeDisplayPrefs(shell: Shell, prefs: DisplayPrefs): void {
  try {
    storage()?.setItem(key(shell), JSON.stringify(prefs));
  } catch {
    // full or refused: the mode still applies for this visit
  }
}

/** Puts the modes on the document's root element (and takes them off when the screen goes). */
export function applyDisplayPrefs(prefs: DisplayPrefs, root: HTMLElement = document.documentElement): () => void {
  if (prefs.largeText) root.dataset.text = 'large';
  else delete root.dataset.text;
  if (prefs.highContrast) root.dataset.contrast = 'high';
  else delete root.dataset.contrast;
  return () => {
    delete root.dataset.text;
    delete root.dataset.contrast;
  };
}

/** The screen's modes, applied while it is shown, and a setter that remembers them on this device. */
export function useDisplayPrefs(shell: Shell): [DisplayPrefs, (change: Partial<DisplayPrefs>) => void] {
  const [prefs, setPrefs] = useState(() => readDisplayPrefs(shell));
  useEffect(() => applyDisplayPrefs(prefs), [prefs]);
  const change = useCallback(
    (c: Partial<DisplayPrefs>) =>
      setPrefs((p) => {
        const next = { ...p, ...c };
        writeDisplayPrefs(shell, next);
        return next;
      }),
    [shell],
  );
  return [prefs, change];
}

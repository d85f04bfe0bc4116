import { useCallback, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { Principal } from '../../core/api/schemas';
import { toPersianDigits } from '../../core/text/digits';
import { holdPageImages } from '../capture/usePageImage';
import { FormError } from '../components/FormFooter';
import { fa } from '../i18n/fa';
import { useEnv } from './api';
import { useAction } from './useAction';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/** Whether `e` is the lock key: Ctrl+Shift+L (Persian layout too: the key, not the letter). */
const isLockKey = (e: KeyboardEvent) => e.ctrlKey && e.shiftKey && !e.altKey && e.code === 'KeyL';

/**
 * A staff screen that locks: after the office's idle minutes without a key or a touch, or at once
 * with Ctrl+Shift+L. The hub locks the session (nothing is served to it) and the screen is covered;
 * the work underneath stays as it was (a half-typed form is not lost) until the same person's
 * password unlocks it — all but the page images, which are dropped and loaded again after unlocking.
 * Another person can only log the session out.
 */
export function LockGuard({ principal, lockAfterMinutes, initiallyLocked, onLogout, children }: { principal: Principal; lockAfterMinutes: number; initiallyLocked: boolean; onLogout: () => void; children: ReactNode }) {
  const t = fa.lock;
  const { client } = useEnv();
  const [locked, setLocked] = useState(initiallyLocked);
  const lastActive = useRef(Date.now());
  const lockedNow = useRef(initiallyLocked);

  const lock = useCallback(async () => {
    if (lockedNow.current) return; // once: the timer and the key may both fire before the screen re-renders
    lockedNow.current = true;
    setLocked(true); // cover the screen first; the hub refuses the session once it hears
    try {
      await client.call('auth.lock', {});
    } catch {
      // unreachable hub: the screen stays covered, and the next call of this session will be refused or unlocked
    }
  }, [client]);

  // While locked, no page image is kept or loaded; unlocking loads the ones on the screen again.
  useEffect(() => {
    if (!locked) return;
    holdPageImages(true);
    return () => holdPageImages(false);
  }, [locked]);

  useEffect(() => {
    if (locked) return;
    const active = () => (lastActive.current = Date.now());
    const onKey = (e: KeyboardEvent) => {
      if (isLockKey(e)) {
        e.preventDefault();
        void lock();
      }
    };
    for (const ev of ACTIVITY) window.addEventListener(ev, active, { passive: true });
    window.addEventListener('keydown', onKey);
    const timer = lockAfterMinutes > 0 ? setInterval(() => Date.now() - lastActive.current >= lockAfterMinutes * 60_000 && void lock(), 5_000) : undefined;
    return () => {
      for (const ev of ACTIVITY) window.removeEventListener(ev, active);
      window.removeEventListener('keydown', onKey);
      clearInterval(timer);
    };
  }, [locked, lock, lockAfterMinutes]);

  return (
    <>
      <div className="lock-guarded" aria-hidden={locked || undefined} inert={locked || undefined}>
        {children}
      </div>
      {locked && (
        <LockScreen
          name={principal.kind === 'user' ? principal.displayName : ''}
          minutes={lockAfterMinutes}
          onUnlocked={() => {
            lastActive.current = Date.now();
            lockedNow.current = false;
            setLocked(false);
          }}
          onLogout={onLogout}
        />
      )}
      <span hidden>{t.keyHint}</span>
    </>
  );
}

function LockScreen({ name, minutes, onUnlocked, onLogout }: { name: string; minutes: number; onUnlocked: () => void; onLogout: () => void }) {
  const t = fa.lock;
  const { client } = useEnv();
  const [password, setPassword] = useState('');
  const action = useAction();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const done = await action.run(() => client.call('auth.unlock', { password }));
    setPassword('');
    if (done) onUnlocked();
  }
  return (
    <div className="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title">
      <form className="card lock-card" onSubmit={submit}>
        <h1 id="lock-title">{t.title}</h1>
        <p className="muted">{minutes > 0 ? t.why(toPersianDigits(minutes)) : t.whyNoIdle}</p>
        <p className="lock-name">{name}</p>
        <div className="field">
          <label htmlFor="lock-password">{t.password}</label>
          <input id="lock-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus dir="ltr" />
        </div>
        <FormError error={action.error} />
        <div className="step-actions">
          <button type="submit" className="button button-primary" disabled={action.busy || password === ''}>
            {t.unlock} <kbd>Enter</kbd>
          </button>
          <button type="button" className="button" onClick={onLogout}>
            {t.logout}
          </button>
        </div>
      </form>
    </div>
  );
}

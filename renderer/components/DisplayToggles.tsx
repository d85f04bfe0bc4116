import type { Shell } from '../../core/roles';
import { useDisplayPrefs } from '../app/displayPrefs';
import { fa } from '../i18n/fa';

/**
 * «متن درشت» and «پرکنتراست» (ماده ۴۷ پ): two switches, each a button with `aria-pressed`, in the screen's
 * top bar, so Tab reaches them and Enter or Space turns them on and off. Kept per device and screen.
 */
export function DisplayToggles({ shell, className }: { shell: Shell; className?: string }) {
  const [prefs, change] = useDisplayPrefs(shell);
  const t = fa.display;
  return (
    <div className={`display-toggles ${className ?? ''}`} role="group" aria-label={t.group}>
      <button type="button" className="display-toggle" aria-pressed={prefs.largeText} onClick={() => change({ largeText: !prefs.largeText })}>
        <span aria-hidden="true" className="display-toggle-icon">
          {t.largeTextIcon}
        </span>
        {t.largeText}
      </button>
      <button type="button" className="display-toggle" aria-pressed={prefs.highContrast} onClick={() => change({ highContrast: !prefs.highContrast })}>
        <span aria-hidden="true" className="display-toggle-icon display-toggle-contrast" />
        {t.highContrast}
      </button>
    </div>
  );
}

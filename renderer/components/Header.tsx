import type { ReactNode } from 'react';
import type { Principal } from '../../core/api/schemas';
import { fa } from '../i18n/fa';
import { Clock } from './Clock';

interface HeaderProps {
  officeName?: string | undefined;
  title: string;
  principal?: Principal | null | undefined;
  onLogout?: (() => void) | undefined;
  children?: ReactNode;
}

/** Every staff screen's top bar: office, screen, Jalali date and time, who is signed in. */
export function Header({ officeName, title, principal, onLogout, children }: HeaderProps) {
  return (
    <header className="app-header">
      <div className="app-header-brand">
        <span className="app-name">{fa.appName}</span>
        <span className="app-header-title">{title}</span>
        {officeName && <span className="app-header-office">{officeName}</span>}
      </div>
      {children}
      <Clock className="app-header-clock" />
      {principal?.kind === 'user' && (
        <div className="app-header-user">
          <span>
            {principal.displayName} <small>({fa.roles[principal.role]})</small>
          </span>
          {onLogout && (
            <button type="button" className="button button-quiet" onClick={onLogout}>
              {fa.common.logout}
            </button>
          )}
        </div>
      )}
    </header>
  );
}

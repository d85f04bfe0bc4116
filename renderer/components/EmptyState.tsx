import type { ReactNode } from 'react';

/** What will appear here, said plainly, where there is nothing yet. */
export function EmptyState({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      {title && <strong className="empty-state-title">{title}</strong>}
      <p>{children}</p>
    </div>
  );
}

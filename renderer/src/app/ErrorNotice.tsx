// The one way a view shows an error in its flow: a paragraph styled as an error notice (app.css), an
// alert by default so screen readers say it as it appears.
import type { ReactNode } from 'react';

/**
 * `className`: classes added to the notice's own (a view's layout for it);
 * `role`: 'note' for a standing condition rather than something that just went wrong, null for none
 * (one of a list of problems shown with the view).
 */
export function ErrorNotice({ children, className, role = 'alert' }: { children: ReactNode; className?: string; role?: 'alert' | 'note' | null }) {
  return (
    <p className={`notice notice-error${className ? ` ${className}` : ''}`} role={role ?? undefined}>
      {children}
    </p>
  );
}

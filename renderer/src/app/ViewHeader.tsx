// A view's title and its status line (announced politely to screen readers).
export function ViewHeader({ title, announcement }: { title: string; announcement: string }) {
  return (
    <header className="view-header">
      <h2 className="view-title">{title}</h2>
      <p className="view-status" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </header>
  );
}

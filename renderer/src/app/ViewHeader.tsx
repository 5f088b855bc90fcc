// A view's title, the page's one top-level heading while the view is shown (the others are hidden
// with their panels), and its status line (announced politely to screen readers).
export function ViewHeader({ title, announcement }: { title: string; announcement: string }) {
  return (
    <header className="view-header">
      <h1 className="view-title">
        {title}
      </h1>
      <p className="view-status" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </header>
  );
}

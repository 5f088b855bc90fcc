// Where the tray's mini player opens: next to the tray icon, on the side of the screen the tray sits
// on (top bar on macOS and many Linux desktops, bottom task bar on Windows), kept inside the work area.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const GAP = 6;

export function popoverPosition(tray: Rect, workArea: Rect, size: { width: number; height: number }): { x: number; y: number } {
  const trayMidY = tray.y + tray.height / 2;
  const workMidY = workArea.y + workArea.height / 2;
  // Below a tray in the top half of the screen, above one in the bottom half.
  const y = trayMidY < workMidY ? Math.max(workArea.y, tray.y + tray.height + GAP) : tray.y - size.height - GAP;
  const x = tray.x + tray.width / 2 - size.width / 2;
  return {
    x: Math.round(clamp(x, workArea.x + GAP, workArea.x + workArea.width - size.width - GAP)),
    y: Math.round(clamp(y, workArea.y + GAP, workArea.y + workArea.height - size.height - GAP)),
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}

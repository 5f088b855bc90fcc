// The tray's mini player: a small frameless popover loading the same renderer bundle as
// index.html#mini. It is only a remote control; the one player stays in the reader window, which
// stays alive when hidden (its audio and worklet keep running). A second player here could play over
// the first or drift from it, and a hidden reader would still need the audio path, so there is one.
import { screen, type BrowserWindow, type Tray } from 'electron';
import { MINI_SIZE } from './mini-size';
import { popoverPosition } from './popover-position';
import { createSecureWindow } from './secure-window';


export interface MiniWindowOptions {
  preload: string;
  icon?: string;
  load(window: BrowserWindow): void;
  harden(window: BrowserWindow): void;
}

export function createMiniWindow(options: MiniWindowOptions): BrowserWindow {
  const mini = createSecureWindow({
    ...MINI_SIZE,
    show: false,
    frame: false,
    resizable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: 'Aloud mini player',
    ...(options.icon ? { icon: options.icon } : {}),
    preload: options.preload,
  });
  options.harden(mini);
  // A popover: it goes away when the user moves on.
  mini.on('blur', () => mini.hide());
  options.load(mini);
  return mini;
}

/** Shows the popover beside the tray icon, or hides it if it is showing. */
export function toggleMiniWindow(mini: BrowserWindow, tray: Tray): void {
  if (mini.isDestroyed()) return;
  if (mini.isVisible()) {
    mini.hide();
    return;
  }
  const trayBounds = tray.getBounds();
  const display = screen.getDisplayNearestPoint({ x: trayBounds.x, y: trayBounds.y });
  const { x, y } = popoverPosition(trayBounds, display.workArea, MINI_SIZE);
  mini.setPosition(x, y, false);
  mini.show();
  mini.focus();
}

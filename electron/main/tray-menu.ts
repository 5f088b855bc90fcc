// The tray menu as data: built from the reading state so Pause/Resume and Stop follow it.
import type { MenuItemConstructorOptions } from 'electron';
import type { ReadingState } from '../service/reading-service';
import type { Actions } from './actions';

export function trayMenuTemplate(reading: ReadingState | null, actions: Actions, hotkeyLabel: string | null): MenuItemConstructorOptions[] {
  const report = (p: Promise<void>) => void p.catch(() => undefined);
  return [
    { label: 'Read selection', ...(hotkeyLabel ? { accelerator: hotkeyLabel, registerAccelerator: false } : {}), click: () => report(actions.readSelection()) },
    { label: 'Read clipboard', click: () => report(actions.readClipboard()) },
    { type: 'separator' },
    { label: reading?.paused ? 'Resume' : 'Pause', enabled: reading !== null, click: () => actions.togglePause() },
    { label: 'Stop', enabled: reading !== null, click: () => report(actions.stop()) },
    { type: 'separator' },
    { label: 'Show reader', click: () => actions.showReader() },
    { label: 'Quit', click: () => actions.quit() },
  ];
}

export function trayTooltip(reading: ReadingState | null, hotkeyProblem: string | null): string {
  const state = reading ? (reading.paused ? 'Aloud: paused' : 'Aloud: reading') : 'Aloud';
  return hotkeyProblem ? `${state} (${hotkeyProblem})` : state;
}

// The tray menu as data: built from the reading the player plays, so Pause/Resume and Stop follow it. Every
// action is in the menu, for desktops that show only a menu (AppIndicator: a click on the icon never
// reaches the app), with each working hotkey beside its item.
import type { MenuItemConstructorOptions } from 'electron';
import type { HotkeyAction } from '../../shared/hotkeys';
import type { PlayingReading } from '../service/reading-service';
import type { Actions } from './actions';

export function trayMenuTemplate(reading: PlayingReading | null, actions: Actions & { showMini?(): void }, keys: Partial<Record<HotkeyAction, string>>): MenuItemConstructorOptions[] {
  const report = (p: Promise<void>) => void p.catch(() => undefined);
  // Shown beside the item; the global hotkey, not the menu, takes the keys.
  const hotkey = (action: HotkeyAction) => (keys[action] ? { accelerator: keys[action], registerAccelerator: false } : {});
  return [
    { label: 'Read selection', ...hotkey('read-selection'), click: () => report(actions.readSelection()) },
    { label: 'Read clipboard', ...hotkey('read-clipboard'), click: () => report(actions.readClipboard()) },
    { type: 'separator' },
    { label: reading?.paused ? 'Resume' : 'Pause', ...hotkey('toggle-pause'), enabled: reading !== null, click: () => actions.togglePause() },
    { label: 'Stop', ...hotkey('stop'), enabled: reading !== null, click: () => report(actions.stop()) },
    { label: 'Previous sentence', ...hotkey('previous-sentence'), enabled: reading !== null, click: () => actions.steer('previous-sentence') },
    { label: 'Next sentence', ...hotkey('next-sentence'), enabled: reading !== null, click: () => actions.steer('next-sentence') },
    { type: 'separator' },
    ...(actions.showMini ? [{ label: 'Mini player', click: () => actions.showMini?.() }] : []),
    { label: 'Show reader', click: () => actions.showReader() },
    { label: 'Quit', click: () => actions.quit() },
  ];
}

/** The tray's tooltip: the state, and a word when hotkeys could not be set. */
export function trayTooltip(reading: PlayingReading | null, refusedHotkeys: number): string {
  const state = reading ? (reading.paused ? 'Aloud: paused' : 'Aloud: reading') : 'Aloud';
  if (refusedHotkeys === 0) return state;
  return `${state} (${refusedHotkeys === 1 ? 'a hotkey' : `${refusedHotkeys} hotkeys`} could not be set: see Settings)`;
}

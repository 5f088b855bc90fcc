// The tray icon, its menu and its tooltip, kept in step with the reading (started, paused, ended)
// and the hotkeys (their keys are shown in the menu) by subscribing to their events.
import { Menu, nativeImage, type Tray } from 'electron';
import type { ReadingService } from '../service/reading-service';
import type { CoreEvents } from '../service/core-events';
import type { Actions } from './actions';
import type { GlobalHotkeys } from './global-hotkeys';
import { trayIconPath, type TrayState } from './paths';
import { trayMenuTemplate, trayTooltip } from './tray-menu';

export interface TrayControllerOptions {
  tray: Tray;
  appRoot: string;
  platform: NodeJS.Platform;
  readings: Pick<ReadingService, 'playing'>;
  events: CoreEvents;
  hotkeys: Pick<GlobalHotkeys, 'working' | 'problems' | 'onChange'>;
  actions: Actions & { showMini(): void };
}

/**
 * Draws the tray now and whenever what it shows changes; returns the function that stops following.
 * The player's reports (once a second while reading) tell when it has played a reading out; the
 * menu is rebuilt only when the state or the keys it shows have changed.
 */
export function followInTray(o: TrayControllerOptions): () => void {
  let shown: TrayState | null = null;
  let drawn = '';
  const refresh = (): void => {
    const playing = o.readings.playing();
    const state: TrayState = playing ? (playing.paused ? 'paused' : 'reading') : 'idle';
    const keys = o.hotkeys.working();
    const problems = Object.keys(o.hotkeys.problems()).length;
    const look = JSON.stringify([state, keys, problems]);
    if (look === drawn) return;
    drawn = look;
    o.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(playing, o.actions, keys)));
    o.tray.setToolTip(trayTooltip(playing, problems));
    if (state !== shown) {
      shown = state;
      o.tray.setImage(nativeImage.createFromPath(trayIconPath(o.appRoot, o.platform, state)));
    }
  };
  const offs = [
    o.events.on('reading:started', refresh),
    o.events.on('reading:paused', refresh),
    o.events.on('reading:ended', refresh),
    o.events.on('player:state', refresh),
    o.hotkeys.onChange(refresh),
  ];
  refresh();
  return () => offs.forEach((off) => off());
}

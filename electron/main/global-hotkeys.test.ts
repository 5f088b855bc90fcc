import { describe, expect, it } from 'vitest';
import { DEFAULT_HOTKEYS, type HotkeyAction } from '../../shared/hotkeys';
import { createGlobalHotkeys, wantsShortcutsPortal } from './global-hotkeys';

/** A system's shortcut table: `taken` keys belong to another application. */
function systemShortcuts(taken: string[] = []) {
  const held = new Map<string, () => void>();
  const calls: string[] = [];
  return {
    held,
    calls,
    register(keys: string, callback: () => void) {
      calls.push(`register ${keys}`);
      if (taken.includes(keys) || held.has(keys)) return false;
      held.set(keys, callback);
      return true;
    },
    unregister(keys: string) {
      calls.push(`unregister ${keys}`);
      held.delete(keys);
    },
  };
}

describe('the global hotkeys', () => {
  it('registers each action that has keys, and a press runs that action', () => {
    const system = systemShortcuts();
    const pressed: HotkeyAction[] = [];
    const hotkeys = createGlobalHotkeys(system, 'linux');
    hotkeys.onPress((a) => pressed.push(a));
    expect(hotkeys.apply({ ...DEFAULT_HOTKEYS, faster: 'Ctrl+Alt+Up' })).toEqual({});
    expect([...system.held.keys()].sort()).toEqual(['CommandOrControl+Alt+P', 'CommandOrControl+Alt+R', 'CommandOrControl+Alt+S', 'Ctrl+Alt+Up'].sort());
    system.held.get('Ctrl+Alt+Up')!();
    system.held.get('CommandOrControl+Alt+S')!();
    expect(pressed).toEqual(['faster', 'stop']);
    expect(hotkeys.working()).toMatchObject({ faster: 'Ctrl+Alt+Up', 'read-selection': 'CommandOrControl+Alt+R' });
  });

  it('says which keys another application holds, in one sentence, and keeps the others working', () => {
    const system = systemShortcuts(['CommandOrControl+Alt+P']);
    const hotkeys = createGlobalHotkeys(system, 'win32');
    expect(hotkeys.apply(DEFAULT_HOTKEYS)).toEqual({ 'toggle-pause': 'Ctrl+Alt+P could not be set: another application or the desktop already uses it.' });
    expect(hotkeys.working()).not.toHaveProperty('toggle-pause');
    expect(hotkeys.working()).toHaveProperty('stop');
  });

  it('leaves unchanged keys registered, frees the keys given up, and lets two actions swap keys', () => {
    const system = systemShortcuts();
    const hotkeys = createGlobalHotkeys(system, 'linux');
    hotkeys.apply(DEFAULT_HOTKEYS);
    system.calls.length = 0;
    expect(hotkeys.apply({ ...DEFAULT_HOTKEYS, 'toggle-pause': 'CommandOrControl+Alt+S', stop: 'CommandOrControl+Alt+P' })).toEqual({});
    // Read's keys were not touched; pause and stop gave theirs up before taking the other's.
    expect(system.calls.filter((c) => c.includes('+R'))).toEqual([]);
    expect(system.calls.indexOf('unregister CommandOrControl+Alt+S')).toBeLessThan(system.calls.indexOf('register CommandOrControl+Alt+S'));
    hotkeys.apply({ ...DEFAULT_HOTKEYS, stop: null, 'toggle-pause': null });
    expect([...system.held.keys()]).toEqual(['CommandOrControl+Alt+R']);
  });

  it('tries keys refused before again, and gives every key back on quit', () => {
    const taken = ['CommandOrControl+Alt+R'];
    const system = systemShortcuts(taken);
    const hotkeys = createGlobalHotkeys(system, 'linux');
    expect(Object.keys(hotkeys.apply(DEFAULT_HOTKEYS))).toEqual(['read-selection']);
    taken.length = 0; // the other application let them go
    expect(hotkeys.apply(DEFAULT_HOTKEYS)).toEqual({});
    expect(hotkeys.problems()).toEqual({});
    hotkeys.unregisterAll();
    expect(system.held.size).toBe(0);
  });

  it('tells its change listeners after each apply, and its press listeners until they stop listening', () => {
    const system = systemShortcuts();
    const hotkeys = createGlobalHotkeys(system, 'linux');
    let changes = 0;
    const pressed: HotkeyAction[] = [];
    hotkeys.onChange(() => changes++);
    const off = hotkeys.onPress((a) => pressed.push(a));
    hotkeys.apply(DEFAULT_HOTKEYS);
    hotkeys.apply({ ...DEFAULT_HOTKEYS, stop: null });
    expect(changes).toBe(2);
    system.held.get('CommandOrControl+Alt+P')!();
    off();
    system.held.get('CommandOrControl+Alt+P')!();
    expect(pressed).toEqual(['toggle-pause']);
  });

  it('counts a registry that throws on the keys as a refusal', () => {
    const hotkeys = createGlobalHotkeys(
      {
        register: () => {
          throw new Error('Failed to parse accelerator');
        },
        unregister: () => {},
      },
      'darwin',
    );
    expect(hotkeys.apply({ ...DEFAULT_HOTKEYS, 'toggle-pause': null, stop: null })).toEqual({ 'read-selection': 'Cmd+Option+R could not be set: another application or the desktop already uses it.' });
  });
});

describe('the Wayland shortcuts portal', () => {
  it('is asked for on a Wayland session only', () => {
    expect(wantsShortcutsPortal('linux', { XDG_SESSION_TYPE: 'wayland' })).toBe(true);
    expect(wantsShortcutsPortal('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(true);
    expect(wantsShortcutsPortal('linux', { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' })).toBe(false);
    expect(wantsShortcutsPortal('darwin', { WAYLAND_DISPLAY: 'wayland-0' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultReadHotkey, isReadHotkey, platformOfBrowser, readHotkeyLabel, readHotkeyOf } from './read-hotkey';

const press = (code: string, held: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>>) => ({ code, ctrlKey: false, altKey: false, shiftKey: false, metaKey: false, ...held });

describe('the read hotkey in the reader', () => {
  it('is Ctrl+Alt+R until the settings say otherwise, Cmd+Option+R on a Mac', () => {
    expect(readHotkeyLabel(defaultReadHotkey('Mozilla/5.0 (X11; Linux x86_64)'))).toBe('Ctrl+Alt+R');
    expect(readHotkeyLabel(defaultReadHotkey('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)'))).toBe('Cmd+Option+R');
    expect(platformOfBrowser('Mozilla/5.0 (Windows NT 10.0; Win64; x64)')).toBe('win32');
  });

  it('follows the keys set in Settings, and is none once removed', () => {
    const set = readHotkeyOf({ platform: 'linux', hotkeys: [{ action: 'stop', accelerator: 'Ctrl+Alt+S' }, { action: 'read-selection', accelerator: 'Super+Shift+F8' }] });
    expect(readHotkeyLabel(set)).toBe('Super+Shift+F8');
    expect(isReadHotkey(press('F8', { metaKey: true, shiftKey: true }), set)).toBe(true);
    expect(isReadHotkey(press('KeyR', { ctrlKey: true, altKey: true }), set)).toBe(false);
    const removed = readHotkeyOf({ platform: 'linux', hotkeys: [{ action: 'read-selection', accelerator: null }] });
    expect(readHotkeyLabel(removed)).toBeNull();
    expect(isReadHotkey(press('KeyR', { ctrlKey: true, altKey: true }), removed)).toBe(false);
  });

  it('knows the default keys pressed on each system', () => {
    expect(isReadHotkey(press('KeyR', { ctrlKey: true, altKey: true }), defaultReadHotkey('X11; Linux'))).toBe(true);
    expect(isReadHotkey(press('KeyR', { metaKey: true, altKey: true }), defaultReadHotkey('Macintosh'))).toBe(true);
    expect(isReadHotkey(press('KeyR', { ctrlKey: true, altKey: true, shiftKey: true }), defaultReadHotkey('X11; Linux'))).toBe(false);
  });
});

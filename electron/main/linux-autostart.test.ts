import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUTOSTART_FILE, autostartEntry, linuxAutostart } from './linux-autostart';

const configHome = () => mkdtempSync(join(tmpdir(), 'aloud-autostart-'));

describe('starting at login on Linux', () => {
  it('writes an XDG autostart entry that starts Aloud in the tray, and removes it when switched off', () => {
    const home = configHome();
    const item = linuxAutostart(home, '/opt/Aloud/aloud');
    expect(item.get()).toBe(false);
    item.set(true);
    expect(item.get()).toBe(true);
    const entry = readFileSync(join(home, 'autostart', AUTOSTART_FILE), 'utf8');
    expect(entry).toContain('[Desktop Entry]\nType=Application\nName=Aloud');
    expect(entry).toMatch(/^Exec=\/opt\/Aloud\/aloud --hidden$/mu);
    item.set(false);
    expect(item.get()).toBe(false);
    expect(existsSync(join(home, 'autostart', AUTOSTART_FILE))).toBe(false);
    item.set(false); // off twice is still off
  });

  it('quotes a program path with spaces and reserved characters as the desktop entry spec says', () => {
    expect(autostartEntry('/home/a b/Aloud $1.AppImage')).toContain('Exec="/home/a b/Aloud \\\\$1.AppImage" --hidden');
  });

  it('counts an entry the desktop switched off as off', () => {
    const home = configHome();
    const item = linuxAutostart(home, '/opt/Aloud/aloud');
    item.set(true);
    const file = join(home, 'autostart', AUTOSTART_FILE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    expect(item.get()).toBe(false);
  });

  it('cannot be set for a run from the sources, and says why', () => {
    const item = linuxAutostart(configHome(), null);
    expect(item.get()).toBeNull();
    expect(() => item.set(true)).toThrow('this copy of Aloud runs from its sources');
  });
});

// Hotkeys in Settings, in Chromium, with the whole core behind it and main's own hotkey registrar
// (electron/main/global-hotkeys.ts) over a stand-in for the system's shortcut table that holds some
// keys for another application: keys are changed by pressing them, clashes and keys that would fire
// while typing are said before anything is saved, keys the desktop refuses come back in one sentence,
// and the reader follows the read hotkey as set. Also the start at login.
import { existsSync, mkdirSync } from 'node:fs';
import { createGlobalHotkeys } from '../../electron/main/global-hotkeys';
import type { DesktopPort } from '../../electron/service/desktop-port';
import { createAppCore, type AppCore } from './app-core';
import { CHROMIUM_PATH, ensureRendererBuilt, openReader, type Reader } from './chromium';
import { startHarness, type Harness } from './harness';

const chromiumMissing = !existsSync(CHROMIUM_PATH);
const inCI = process.env.CI === 'true';

/** The system's shortcut table: keys another application holds cannot be registered. */
const system = {
  held: new Map<string, () => void>(),
  otherApps: new Set(['CommandOrControl+Alt+F']),
  register(keys: string, callback: () => void) {
    if (this.otherApps.has(keys) || this.held.has(keys)) return false;
    this.held.set(keys, callback);
    return true;
  },
  unregister(keys: string) {
    this.held.delete(keys);
  },
};

describe.skipIf(chromiumMissing && !inCI)('hotkeys in Settings, in Chromium', () => {
  let harness: Harness;
  let core: AppCore;
  let reader: Reader;
  let atLogin = false;
  const pressed: string[] = [];

  beforeAll(async () => {
    if (chromiumMissing) throw new Error(`CI=true but ${CHROMIUM_PATH} is missing: the end-to-end tests need the chromium package.`);
    ensureRendererBuilt();
    const hotkeys = createGlobalHotkeys(system, 'linux');
    hotkeys.onPress((action) => pressed.push(action));
    const desktop: DesktopPort = {
      platform: 'linux',
      applyHotkeys: (bindings) => hotkeys.apply(bindings),
      launchAtLogin: () => atLogin,
      setLaunchAtLogin: (on) => void (atLogin = on),
    };
    harness = await startHarness({
      createCore: async (emit) => {
        core = await createAppCore(emit, { desktop });
        return core;
      },
    });
    reader = await openReader(harness);
    mkdirSync('test-results/hotkeys', { recursive: true });
    await reader.page.getByRole('tab', { name: 'Settings' }).click();
  });

  afterAll(async () => {
    await reader?.close();
    await harness?.close();
  });

  const saved = async (action: string) =>
    ((await core.invoke('settings:get', {})) as { hotkeys: { action: string; accelerator: string | null }[] }).hotkeys.find((h) => h.action === action)!.accelerator;
  const row = (name: string) => reader.page.getByRole('list', { name: 'Hotkeys' }).getByRole('listitem').filter({ hasText: name });

  it('lists every action with its keys as this system writes them', async () => {
    const list = reader.page.getByRole('list', { name: 'Hotkeys' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(8);
    expect(await row('Read the selection').locator('kbd').innerText()).toBe('Ctrl+Alt+R');
    expect(await row('Pause or resume').locator('kbd').innerText()).toBe('Ctrl+Alt+P');
    expect(await row('Next sentence').innerText()).toContain('None');
    // What the app registered is what Settings shows.
    expect([...system.held.keys()].sort()).toEqual(['CommandOrControl+Alt+P', 'CommandOrControl+Alt+R', 'CommandOrControl+Alt+S']);
  });

  it('records new keys as they are pressed, showing the modifiers held, and registers them', async () => {
    const { page } = reader;
    await page.getByRole('button', { name: 'Change the hotkey for Next sentence' }).click();
    const recorder = row('Next sentence').locator('.hotkey-recorder');
    await expect.poll(() => recorder.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await recorder.innerText()).toBe('Press the new keys… (Esc to cancel)');
    await page.keyboard.down('Control');
    await page.keyboard.down('Alt');
    await expect.poll(() => recorder.innerText()).toBe('Ctrl+Alt+…');
    await page.keyboard.press('KeyN');
    await page.keyboard.up('Alt');
    await page.keyboard.up('Control');
    await expect.poll(() => saved('next-sentence')).toBe('CommandOrControl+Alt+N');
    await expect.poll(() => row('Next sentence').locator('kbd').innerText()).toBe('Ctrl+Alt+N');
    await expect.poll(() => system.held.has('CommandOrControl+Alt+N')).toBe(true);
    system.held.get('CommandOrControl+Alt+N')!();
    expect(pressed).toEqual(['next-sentence']);
    // Back where the person was.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Change the hotkey for Next sentence');
    await page.locator('section[aria-labelledby="hotkeys-heading"]').screenshot({ path: 'test-results/hotkeys/settings-900.png' });
  });

  it('says at once when keys belong to another action or would fire while typing, and keeps listening; Esc gives up', async () => {
    const { page } = reader;
    await page.getByRole('button', { name: 'Change the hotkey for Stop' }).click();
    await page.keyboard.press('Control+Alt+KeyR');
    const said = row('Stop').getByRole('alert');
    await expect.poll(() => said.innerText()).toBe('Ctrl+Alt+R is already the hotkey for Read the selection: choose other keys, or change that one first.');
    await page.keyboard.press('Shift+KeyS');
    await expect.poll(() => said.innerText()).toBe('Shift+S would fire while you type: add Ctrl or Alt.');
    await page.keyboard.press('Escape');
    await expect.poll(() => row('Stop').locator('.hotkey-recorder').count()).toBe(0);
    expect(await saved('stop')).toBe('CommandOrControl+Alt+S');
  });

  it('says in one sentence when the desktop refuses the keys, and keeps none', async () => {
    const { page } = reader;
    await page.getByRole('button', { name: 'Change the hotkey for Faster' }).click();
    await page.keyboard.press('Control+Alt+KeyF');
    await expect.poll(() => row('Faster').getByRole('alert').innerText()).toBe('Ctrl+Alt+F could not be set: another application or the desktop already uses it.');
    expect(await saved('faster')).toBeNull();
    await page.keyboard.press('Control+Alt+Shift+KeyF');
    await expect.poll(() => saved('faster')).toBe('CommandOrControl+Alt+Shift+F');
    await page.setViewportSize({ width: 360, height: 700 });
    await page.locator('section[aria-labelledby="hotkeys-heading"]').screenshot({ path: 'test-results/hotkeys/settings-360.png' });
    await page.setViewportSize({ width: 900, height: 700 });
  });

  it('the reader follows the read hotkey: removed, it says to set one; put back to the default, it shows it', async () => {
    const { page } = reader;
    await page.getByRole('button', { name: 'Remove the hotkey for Read the selection' }).click();
    await expect.poll(() => saved('read-selection')).toBeNull();
    await expect.poll(() => system.held.has('CommandOrControl+Alt+R')).toBe(false);
    await page.getByRole('tab', { name: 'Reader' }).click();
    await expect.poll(() => page.locator('.reader .empty').innerText()).toContain('set a hotkey for reading in Settings');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Put back Ctrl+Alt+R for Read the selection' }).click();
    await expect.poll(() => saved('read-selection')).toBe('CommandOrControl+Alt+R');
    await page.getByRole('tab', { name: 'Reader' }).click();
    await expect.poll(() => page.locator('.reader .empty').innerText()).toContain('select text anywhere and press Ctrl+Alt+R');
    await page.getByRole('tab', { name: 'Settings' }).click();
  });

  it('starts Aloud at login when ticked', async () => {
    const box = reader.page.getByRole('checkbox', { name: 'Start Aloud in the tray when I log in' });
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await expect.poll(() => atLogin).toBe(true);
    await box.uncheck();
    await expect.poll(() => atLogin).toBe(false);
  });
});

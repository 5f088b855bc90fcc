import { beforeAll, describe, expect, it } from 'vitest';
import * as fake from '../../test/fakes/electron';
import type { AloudApi } from '../../shared/ipc';

let api: AloudApi;

beforeAll(async () => {
  fake.resetFakeElectron();
  await import('./index');
  api = fake.contextBridge.exposed['aloud'] as AloudApi;
});

describe('the preload API', () => {
  it('exposes window.aloud with invoke and on, and nothing else (never ipcRenderer)', () => {
    expect(Object.keys(fake.contextBridge.exposed)).toEqual(['aloud']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(api).some((v) => v === fake.ipcRenderer)).toBe(false);
  });

  it('invokes contract channels through ipcRenderer, with the arguments as given', async () => {
    fake.ipcMain.handle('voices:list', async (_event, args) => [{ id: 'en-us', provider: 'builtin', name: 'English', languages: ['en-US'], args }]);
    await expect(api.invoke('voices:list', {})).resolves.toEqual([{ id: 'en-us', provider: 'builtin', name: 'English', languages: ['en-US'], args: {} }]);
    expect(fake.ipcRenderer.invocations.at(-1)).toEqual({ channel: 'voices:list', args: [{}] });
  });

  it('passes the library and settings channels through as well', async () => {
    fake.ipcMain.handle('library:list', async () => ({ items: [], next: null }));
    fake.ipcMain.handle('settings:get', async (_event, args) => ({ args }));
    await expect(api.invoke('library:list', {})).resolves.toEqual({ items: [], next: null });
    await expect(api.invoke('settings:get', {})).resolves.toEqual({ args: {} });
    expect(fake.ipcRenderer.invocations.at(-1)).toEqual({ channel: 'settings:get', args: [{}] });
  });

  it('refuses channels outside the contract without reaching ipcRenderer', async () => {
    const before = fake.ipcRenderer.invocations.length;
    for (const channel of ['shell:open', 'toString', '__proto__', 'reading:chunk']) {
      await expect(api.invoke(channel as 'voices:list', {})).rejects.toThrow(/Unknown channel/);
    }
    expect(fake.ipcRenderer.invocations.length).toBe(before);
  });

  it('hands main\'s error message to the page without Electron\'s remote-method prefix', async () => {
    fake.ipcMain.handle('reading:stop', async () => {
      throw new Error("Error invoking remote method 'reading:stop': ServiceError: Invalid arguments for 'reading:stop': readingId: Too small.");
    });
    await expect(api.invoke('reading:stop', { readingId: '' })).rejects.toThrow(/^Invalid arguments for 'reading:stop'/);
  });

  it('delivers event payloads only (not the IPC event), and unsubscribes', () => {
    const got: unknown[] = [];
    const off = api.on('player:command', (payload) => got.push(payload));
    fake.ipcRenderer.deliver('player:command', { command: 'stop' });
    off();
    fake.ipcRenderer.deliver('player:command', { command: 'toggle-pause' });
    expect(got).toEqual([{ command: 'stop' }]);
    expect(fake.ipcRenderer.listenerCount('player:command')).toBe(0);
  });

  it('refuses to listen on channels outside the contract', () => {
    expect(() => api.on('reading:start' as 'reading:chunk', () => {})).toThrow(/Unknown event channel/);
    expect(() => api.on('ipc-message' as 'reading:chunk', () => {})).toThrow(/Unknown event channel/);
    expect(fake.ipcRenderer.eventNames()).toEqual([]);
  });
});

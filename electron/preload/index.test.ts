import { beforeAll, describe, expect, it } from 'vitest';
import * as fake from '../../test/fakes/electron';
import type { AloudApi } from '../../shared/ipc';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc-transport';

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

  it("carries every contract call on the one invoke channel, naming it, and hands back main's reply as it is", async () => {
    fake.ipcMain.handle(IPC_INVOKE, async (_event, channel, args) => ({ ok: true, value: { channel, args } }));
    await expect(api.invoke('voices:list', {})).resolves.toEqual({ ok: true, value: { channel: 'voices:list', args: {} } });
    await expect(api.invoke('library:list', { limit: 3 })).resolves.toEqual({ ok: true, value: { channel: 'library:list', args: { limit: 3 } } });
    expect(fake.ipcRenderer.invocations.at(-1)).toEqual({ channel: IPC_INVOKE, args: ['library:list', { limit: 3 }] });
    // A refusal arrives as data with its kind, so the page can tell an auth failure from a network one.
    fake.ipcMain.removeHandler(IPC_INVOKE);
    fake.ipcMain.handle(IPC_INVOKE, async () => ({ ok: false, error: { kind: 'auth', message: 'Office server refused the API key.' } }));
    await expect(api.invoke('settings:test-provider', { id: 'x' })).resolves.toEqual({ ok: false, error: { kind: 'auth', message: 'Office server refused the API key.' } });
    fake.ipcMain.removeHandler(IPC_INVOKE);
  });

  it('refuses names that are not of the contract form without reaching ipcRenderer', async () => {
    const before = fake.ipcRenderer.invocations.length;
    for (const channel of ['toString', '__proto__', 'shell', 'aloud:invoke:x', 'A:b', ':x']) {
      await expect(api.invoke(channel, {})).resolves.toMatchObject({ ok: false, error: { kind: 'invalid-input', message: expect.stringMatching(/Unknown channel/) } });
    }
    expect(fake.ipcRenderer.invocations.length).toBe(before);
  });

  it('delivers event payloads only (not the IPC event) to listeners of that channel, and unsubscribes', () => {
    const got: unknown[] = [];
    const other: unknown[] = [];
    const off = api.on('player:command', (payload) => got.push(payload));
    api.on('queue:changed', (payload) => other.push(payload));
    fake.ipcRenderer.deliver(IPC_EVENT, 'player:command', { command: 'stop' });
    off();
    fake.ipcRenderer.deliver(IPC_EVENT, 'player:command', { command: 'toggle-pause' });
    expect(got).toEqual([{ command: 'stop' }]);
    expect(other).toEqual([]);
  });

  it('refuses to listen on names that are not of the contract form', () => {
    expect(() => api.on('ipc-message', () => {})).toThrow(/Unknown event channel/);
    expect(() => api.on('__proto__', () => {})).toThrow(/Unknown event channel/);
  });
});

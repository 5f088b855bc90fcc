import { beforeEach, describe, expect, it } from 'vitest';
import { IPC_INVOKE } from '../../shared/ipc-transport';
import * as fake from '../../test/fakes/electron';
import { registerIpcHandlers } from './ipc-bridge';

const trusted = { url: 'file:///app/out/renderer/index.html', parent: null };

describe('registerIpcHandlers', () => {
  beforeEach(() => fake.resetFakeElectron());

  it("answers every call through the router's reply after the sender check, refuses other frames in a reply, and unregisters", async () => {
    const calls: [string, unknown][] = [];
    const unregister = registerIpcHandlers(
      fake.ipcMain,
      { reply: async (channel, args) => (calls.push([channel, args]), { ok: true, value: `ok ${channel}` }) },
      (frame) => frame?.url === trusted.url,
    );
    expect([...fake.ipcMain.handlers.keys()]).toEqual([IPC_INVOKE]);
    await expect(fake.ipcMain.invokeFrom(trusted, IPC_INVOKE, 'library:list', { limit: 3 })).resolves.toEqual({ ok: true, value: 'ok library:list' });
    await expect(fake.ipcMain.invokeFrom({ url: 'https://x.example/', parent: null }, IPC_INVOKE, 'voices:list', {})).resolves.toMatchObject({
      ok: false,
      error: { kind: 'invalid-input', message: expect.stringMatching(/^Refused 'voices:list'/) },
    });
    expect(calls).toEqual([['library:list', { limit: 3 }]]);
    unregister();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });
});

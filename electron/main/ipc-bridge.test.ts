import { beforeEach, describe, expect, it } from 'vitest';
import * as fake from '../../test/fakes/electron';
import { registerIpcHandlers } from './ipc-bridge';

const trusted = { url: 'file:///app/out/renderer/index.html', parent: null };

describe('registerIpcHandlers', () => {
  beforeEach(() => fake.resetFakeElectron());

  it("answers the router's channels through it, after the sender check, and unregisters them", async () => {
    const calls: [string, unknown][] = [];
    const after: string[] = [];
    const unregister = registerIpcHandlers(
      fake.ipcMain,
      { invoke: async (channel, args) => (calls.push([channel, args]), `ok ${channel}`), channels: ['library:list', 'voices:list'] },
      (frame) => frame?.url === trusted.url,
      (channel) => after.push(channel),
    );
    expect([...fake.ipcMain.handlers.keys()]).toEqual(['library:list', 'voices:list']);
    await expect(fake.ipcMain.invokeFrom(trusted, 'library:list', { limit: 3 })).resolves.toBe('ok library:list');
    await expect(fake.ipcMain.invokeFrom({ url: 'https://x.example/', parent: null }, 'voices:list', {})).rejects.toThrow(/Refused/);
    expect(calls).toEqual([['library:list', { limit: 3 }]]);
    expect(after).toEqual(['library:list']);
    unregister();
    expect(fake.ipcMain.handlers.size).toBe(0);
  });

  it('reports the channel to afterInvoke even when the router refuses the request', async () => {
    const after: string[] = [];
    registerIpcHandlers(
      fake.ipcMain,
      {
        invoke: async () => {
          throw new Error('bad args');
        },
        channels: ['reading:pause'],
      },
      () => true,
      (c) => after.push(c),
    );
    await expect(fake.ipcMain.invokeFrom(trusted, 'reading:pause', {})).rejects.toThrow('bad args');
    expect(after).toEqual(['reading:pause']);
  });
});

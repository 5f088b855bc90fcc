// The renderer's client is derived from the contract: each call reaches its channel with its
// arguments as given, and a refusal rejects with its kind and sentence, so a view can tell an
// authentication failure from a network one.
import { describe, expect, it } from 'vitest';
import type { AloudApi } from '../../../shared/ipc';
import { AloudError, type IpcReply } from '../../../shared/ipc-error';
import { createAloudClient } from './aloud-client';

function fakeApi(answer: (channel: string, args: unknown) => IpcReply) {
  const calls: [string, unknown][] = [];
  const listeners = new Map<string, (payload: unknown) => void>();
  const api: AloudApi = {
    invoke: async (channel, args) => (calls.push([channel, args]), answer(channel, args)),
    on: (channel, listener) => (listeners.set(channel, listener), () => listeners.delete(channel)),
  };
  return { api, calls, listeners };
}

describe("the renderer's client", () => {
  it("calls 'group:kebab-name' for client.group.camelName, with the arguments as given ({} when a call takes none)", async () => {
    const { api, calls } = fakeApi((channel) => ({ ok: true, value: channel }));
    const aloud = createAloudClient(api);
    await expect(aloud.reading.start({ text: 'Hello.' })).resolves.toBe('reading:start');
    await expect(aloud.text.asHeard({ text: 'Hi.' })).resolves.toBe('text:as-heard');
    await expect(aloud.naturalVoices.cancelInstall({ key: 'en_US-a-low' })).resolves.toBe('natural-voices:cancel-install');
    await expect(aloud.library.setLimits({ maxBytes: null, maxAgeDays: 30 })).resolves.toBe('library:set-limits');
    await expect(aloud.voices.list()).resolves.toBe('voices:list');
    expect(calls).toEqual([
      ['reading:start', { text: 'Hello.' }],
      ['text:as-heard', { text: 'Hi.' }],
      ['natural-voices:cancel-install', { key: 'en_US-a-low' }],
      ['library:set-limits', { maxBytes: null, maxAgeDays: 30 }],
      ['voices:list', {}],
    ]);
  });

  it('rejects a refused call with an AloudError of its kind and sentence', async () => {
    const { api } = fakeApi(() => ({ ok: false, error: { kind: 'auth', message: 'Office server refused the API key.' } }));
    const err = await createAloudClient(api).settings.testProvider({ id: 'office' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AloudError);
    expect(err).toMatchObject({ kind: 'auth', message: 'Office server refused the API key.' });
  });

  it('is not a thenable (it can be returned from an async function), and passes listeners to the API', async () => {
    const { api, listeners } = fakeApi(() => ({ ok: true, value: null }));
    const aloud = createAloudClient(api);
    expect(await Promise.resolve(aloud)).toBe(aloud);
    const got: unknown[] = [];
    const off = aloud.on('queue:changed', (e) => got.push(e.items));
    listeners.get('queue:changed')!({ items: [] });
    off();
    expect(got).toEqual([[]]);
    expect(listeners.size).toBe(0);
  });
});

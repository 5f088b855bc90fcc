import { describe, expect, it } from 'vitest';
import { APP_INVOKE_CHANNEL_NAMES, EVENT_CHANNEL_NAMES, type ChannelTable } from './channels';
import { appInvokeChannels, eventChannels } from './ipc';

describe('channel names without schemas', () => {
  it('name each channel once, and the contract tables have exactly those keys', () => {
    expect(new Set(APP_INVOKE_CHANNEL_NAMES).size).toBe(APP_INVOKE_CHANNEL_NAMES.length);
    expect(new Set(EVENT_CHANNEL_NAMES).size).toBe(EVENT_CHANNEL_NAMES.length);
    expect(Object.keys(appInvokeChannels).sort()).toEqual([...APP_INVOKE_CHANNEL_NAMES].sort());
    expect(Object.keys(eventChannels).sort()).toEqual([...EVENT_CHANNEL_NAMES].sort());
  });

  it('fail the typecheck for a table missing a name or holding an unlisted one (tsc reports an unused expect-error otherwise)', () => {
    const def = { args: 0, result: 0 };
    // @ts-expect-error 'b' is listed but has no entry
    const missing = { a: def } as const satisfies ChannelTable<'a' | 'b', typeof def>;
    // @ts-expect-error 'c' has an entry but is not listed
    const unlisted = { a: def, b: def, c: def } as const satisfies ChannelTable<'a' | 'b', typeof def>;
    expect([missing, unlisted]).toHaveLength(2);
  });
});

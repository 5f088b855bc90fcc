import { describe, expect, it } from 'vitest';
import { APP_INVOKE_CHANNEL_NAMES, EVENT_CHANNEL_NAMES, INVOKE_CHANNEL_NAMES } from './channels';
import { appInvokeChannelNames, eventChannelNames, invokeChannelNames } from './ipc';

describe('channel names without schemas', () => {
  it('match the invoke and event channels of the IPC contract exactly', () => {
    expect([...INVOKE_CHANNEL_NAMES].sort()).toEqual([...invokeChannelNames].sort());
    expect([...EVENT_CHANNEL_NAMES].sort()).toEqual([...eventChannelNames].sort());
    expect([...APP_INVOKE_CHANNEL_NAMES].sort()).toEqual([...appInvokeChannelNames].sort());
  });
});

// The two Electron IPC channels every contract channel travels on (renderer -> main calls, main ->
// renderer events), each message naming its contract channel. One pair for all means the preload
// needs no per-channel list: shared/ipc.ts is the one place a channel is declared, and main checks
// every name and argument against it. Zod-free: the sandboxed preload bundles it.
export const IPC_INVOKE = 'aloud:invoke';
export const IPC_EVENT = 'aloud:event';

/** What a contract channel's name looks like (group:name); anything else is refused before it travels. */
export const CHANNEL_NAME = /^[a-z][a-z-]*:[a-z][a-z-]*$/u;

// The real reading service (electron/service/reading-service.ts) behind the e2e harness, reached
// through the real IPC router as the reader reaches main; no library or settings. For tests and
// benches that choose the voice themselves: `voice()` goes into each 'reading:start' that names none,
// as the setting would.
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../../electron/engine/builtin-voice';
import { createIpcRouter } from '../../electron/service/ipc-router';
import { createPlayerRemote } from '../../electron/service/player-remote';
import { createReadingService, type ReadingServiceOptions } from '../../electron/service/reading-service';
import { startHarness, type Harness, type HarnessEmit } from './harness';

/** `tap` sees every event before the page does (a bench timing the emits). */
export async function startServiceHarness(
  options: Omit<ReadingServiceOptions, 'emit'>,
  voice: () => string,
  tap?: HarnessEmit,
  more: { rendererDir?: string | undefined; onClose?: () => Promise<void> } = {},
): Promise<Harness> {
  let emitToPage: HarnessEmit = () => {};
  const emit = (channel: string, payload: unknown) => {
    tap?.(channel, payload);
    emitToPage(channel, payload);
  };
  const readings = createReadingService({ ...options, emit, prepare: async (ask) => ({ voice: voice(), ...ask }) });
  // No settings: the Speed is this harness's own.
  let speed = 1;
  const player = createPlayerRemote({ readings, events: { emit }, speed: { get: () => speed, set: (s) => void emit('reading:speed', { speed: (speed = s) }) } });
  const router = createIpcRouter({ readings, player, library: null, settings: null });
  return startHarness({
    ...(more.rendererDir ? { rendererDir: more.rendererDir } : {}),
    createCore: (emit) => {
      emitToPage = emit;
      return {
        invoke: (channel, args) => router.invoke(channel, args),
        async close() {
          await readings.close();
          await more.onClose?.();
        },
      };
    },
  });
}

/** The reader over the real built-in voice (warmed up first), the voice of every reading. */
export async function startBuiltinVoiceHarness(options: { rendererDir?: string | undefined } = {}): Promise<Harness> {
  const voice = createBuiltinVoice();
  await voice.warmUp();
  const key = `builtin/${DEFAULT_BUILTIN_VOICE}`;
  return startServiceHarness({ synthesizers: [voice], defaultVoice: key }, () => key, undefined, { ...options, onClose: () => voice.close() });
}

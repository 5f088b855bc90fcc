// The real reading service (electron/service/aloud-service.ts) behind the e2e harness, for tests and
// benches that choose the voice themselves: the reader has no voice picker, so `voice()` goes into
// each 'reading:start' that names none, as the setting would.
import { createAloudService, type AloudServiceOptions } from '../../electron/service/aloud-service';
import { startHarness, type Harness, type HarnessEmit } from './harness';

/** `tap` sees every event before the page does (a bench timing the emits). */
export async function startServiceHarness(options: Omit<AloudServiceOptions, 'emit'>, voice: () => string, tap?: HarnessEmit): Promise<Harness> {
  let emitToPage: HarnessEmit = () => {};
  const service = createAloudService({
    ...options,
    emit: (channel, payload) => {
      tap?.(channel, payload);
      emitToPage(channel, payload);
    },
  });
  return startHarness({
    createCore: (emit) => {
      emitToPage = emit;
      return {
        invoke: (channel, args) => service.invoke(channel, channel === 'reading:start' ? { voice: voice(), ...(args as object) } : args),
        close: () => service.close(),
      };
    },
  });
}

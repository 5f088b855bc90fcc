// One synthesis request as a stream of parts from an engine worker's job: the same for the built-in
// voice and the natural voices. Parts are yielded as the worker sends them; aborting the request's
// signal, or the consumer stopping early, aborts the job.
import type { SynthesisPart } from '../speech/synthesizer';
import { SynthesisError } from '../speech/synthesis-error';
import type { JobRequest, WorkerHost } from './worker-host';
import type { WorkerMessage } from './worker-protocol';

export interface JobStreamOptions {
  signal: AbortSignal;
  /** Named in errors: 'builtin', 'piper'. */
  provider: string;
  /** The rate of the job's audio, asked when each part arrives (the worker may only know it then). */
  sampleRate(): number;
}

export async function* streamJob<ToWorker extends { type: string; id: number }, Extra extends { type: string; id: number }>(
  host: WorkerHost<ToWorker, Extra>,
  request: JobRequest<ToWorker>,
  { signal, provider, sampleRate }: JobStreamOptions,
): AsyncGenerator<SynthesisPart> {
  if (signal.aborted) return;
  const parts: SynthesisPart[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const end = (error?: Error) => {
    ended = true;
    failure ??= error;
    notify();
  };
  const id = host.submit(request, {
    message: (received) => {
      // The worker's own messages (Extra) do not answer a synthesis: they end it as an error.
      const m = received as WorkerMessage;
      if (m.type === 'audio') {
        parts.push({ audio: { kind: 'pcm', sampleRate: sampleRate(), channels: 1, samples: m.samples }, words: m.words });
        notify();
      } else if (m.type === 'done') end();
      else end(workerError(provider, m));
    },
    failed: (error) => end(new SynthesisError(provider, 'server', error.message, { cause: error })),
    aborted: () => end(),
  });
  const onAbort = () => host.abort(id);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const part = parts.shift();
      if (part) {
        yield part;
        continue;
      }
      if (ended || signal.aborted) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (failure && !signal.aborted) throw failure;
  } finally {
    signal.removeEventListener('abort', onAbort);
    // The consumer stopped early (break, return, error): the engine need not finish.
    if (!ended) host.abort(id);
  }
}

export function workerError(provider: string, message: WorkerMessage): SynthesisError {
  if (message.type === 'error') return new SynthesisError(provider, message.kind, message.message);
  return new SynthesisError(provider, 'server', `Unexpected message from the engine's worker: ${message.type}`);
}

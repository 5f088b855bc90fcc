// Fetching from a voice catalogue with every bound a hostile or broken server needs: a byte cap (a
// body that grows past it is cut off), a stall timeout (no byte for a while, headers included), and an
// overall deadline. Each ends the transfer with a TransferError whose message is a clause in plain
// words, for the caller's sentence ("The download of X stopped: <clause>; ...").

export interface TransferLimits {
  /** Bytes the body may have; one more ends the transfer. */
  maxBytes: number;
  /** No byte (or no answer) for this long ends the transfer. */
  stallMs: number;
  /** The whole transfer, from the request to the last byte. */
  deadlineMs: number;
}

/** The bounds of voice downloads. Tests shrink them; the defaults suit a slow but working connection. */
export interface DownloadLimits {
  stallMs: number;
  /** A download's deadline: this long, plus its size at the slowest rate worth waiting for. */
  minDeadlineMs: number;
  minBytesPerSecond: number;
  /** A file may run this far past the size its catalogue lists before it is cut off. */
  marginBytes: number;
  /** Fixed caps where no size is listed, or the listed one cannot be trusted that far. */
  catalogueMaxBytes: number;
  configMaxBytes: number;
}

export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = {
  stallMs: 30_000,
  minDeadlineMs: 60_000,
  // 50 KB/s: a 63 MB Piper voice may take 22 minutes, Kokoro's 326 MB model under two hours.
  minBytesPerSecond: 50_000,
  marginBytes: 64 * 1024,
  // Piper's voices.json is about 1 MB; a repository's file list a few KB.
  catalogueMaxBytes: 16 * 2 ** 20,
  // A Piper voice's .onnx.json is a few KB (tens with hundreds of speakers), Kokoro's tokenizer.json 4 KB.
  configMaxBytes: 2 ** 20,
};

export function downloadLimits(overrides: Partial<DownloadLimits> = {}): DownloadLimits {
  return { ...DEFAULT_DOWNLOAD_LIMITS, ...overrides };
}

/** The bounds for a body of `listedBytes` (what a catalogue says it holds), at most `cap`. */
export function limitsForFile(limits: DownloadLimits, listedBytes: number, cap = Infinity): TransferLimits {
  return {
    maxBytes: Math.min(listedBytes + limits.marginBytes, cap),
    stallMs: limits.stallMs,
    deadlineMs: limits.minDeadlineMs + (listedBytes / limits.minBytesPerSecond) * 1000,
  };
}

/** What a catalogue's deadline allows for: Piper's voices.json is about 1 MB. */
const LIST_EXPECTED_BYTES = 2e6;

/** The bounds for a catalogue or file list: a fixed cap, and the deadline of a large real one. */
export function limitsForList(limits: DownloadLimits): TransferLimits {
  return { ...limitsForFile(limits, LIST_EXPECTED_BYTES), maxBytes: limits.catalogueMaxBytes };
}

export type TransferFailure = 'too-large' | 'stalled' | 'deadline';

export class TransferError extends Error {
  override name = 'TransferError';
  constructor(
    readonly failure: TransferFailure,
    message: string,
  ) {
    super(message);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1e6) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

const seconds = (ms: number) => (ms < 10_000 ? `${(ms / 1000).toFixed(1).replace(/\.0$/, '')} seconds` : `${Math.round(ms / 1000)} seconds`);

export interface BoundedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  /** The body's chunks; throws TransferError past a bound. Read it once, or cancel it. */
  chunks(): AsyncGenerator<Uint8Array>;
  /** Gives up the body (and the timers) without reading it. */
  cancel(): Promise<void>;
}

/**
 * Starts a bounded GET. `fetch`'s own errors (unreachable host, the caller's abort) come through as
 * they are; a server that does not answer within the stall time gives a TransferError.
 */
export async function boundedFetch(url: string, limits: TransferLimits, options: { signal?: AbortSignal | undefined; headers?: Record<string, string> } = {}): Promise<BoundedResponse> {
  const controller = new AbortController();
  let failure: TransferError | undefined;
  const fail = (error: TransferError) => {
    failure ??= error;
    controller.abort(failure);
  };
  const deadline = setTimeout(() => fail(new TransferError('deadline', `it took longer than ${seconds(limits.deadlineMs)}, the most a file of its size may take`)), limits.deadlineMs);
  let stall: NodeJS.Timeout | undefined;
  const restartStall = () => {
    clearTimeout(stall);
    stall = setTimeout(() => fail(new TransferError('stalled', `the server sent nothing for ${seconds(limits.stallMs)}`)), limits.stallMs);
  };
  const stop = () => {
    clearTimeout(deadline);
    clearTimeout(stall);
  };
  const onAbort = () => controller.abort(options.signal!.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const finish = () => {
    stop();
    options.signal?.removeEventListener('abort', onAbort);
  };
  if (options.signal?.aborted) onAbort();
  restartStall();
  let response: Response;
  try {
    response = await fetch(url, { signal: controller.signal, ...(options.headers ? { headers: options.headers } : {}) });
  } catch (error) {
    finish();
    throw failure ?? error;
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limits.maxBytes && response.ok) {
    finish();
    await response.body?.cancel().catch(() => undefined);
    throw new TransferError('too-large', `the server offered ${formatBytes(declared)}, more than the ${formatBytes(limits.maxBytes)} it may be`);
  }
  return {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
    async *chunks() {
      let received = 0;
      const reader = response.body?.getReader();
      try {
        if (!reader) return;
        for (;;) {
          restartStall();
          let next: ReadableStreamReadResult<Uint8Array>;
          try {
            next = await reader.read();
          } catch (error) {
            throw failure ?? error;
          }
          if (next.done) return;
          received += next.value.length;
          if (received > limits.maxBytes) {
            fail(new TransferError('too-large', `the server sent more than the ${formatBytes(limits.maxBytes)} it may be`));
            throw failure!;
          }
          yield next.value;
        }
      } finally {
        finish();
        // Whatever ended the loop (a bound, an error, a caller that stopped reading), the connection goes.
        if (!controller.signal.aborted) controller.abort();
        reader?.releaseLock();
      }
    },
    async cancel() {
      finish();
      await response.body?.cancel().catch(() => undefined);
    },
  };
}

/** A whole bounded body as bytes. */
export async function boundedBytes(response: BoundedResponse): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of response.chunks()) {
    parts.push(chunk);
    length += chunk.length;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

// Streaming HTTP for provider adapters: one place that turns every way a request can fail into a
// SynthesisError kind, retries what may succeed on a retry (before any audio has been handed on),
// notices a stream that stops sending, and always gives the connection back.
import { SynthesisError, type SynthesisErrorKind } from '../speech/synthesis-error';
import { scrubSecrets } from '../../shared/scrub-secrets';
import { concatBytes } from '../../shared/bytes';

/** What a provider's error body says, read by the adapter's own parser. */
export interface ErrorBodyReading {
  message?: string;
  /** Overrides the kind the status implies (e.g. a 401 whose body says "quota_exceeded"). */
  kind?: SynthesisErrorKind;
}
export type ErrorBodyParser = (status: number, body: unknown, text: string) => ErrorBodyReading | undefined;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Never wait longer than this in all; a longer Retry-After gives up at once. */
  maxTotalWaitMs: number;
  /** Kinds worth another try. */
  retryOn: readonly SynthesisErrorKind[];
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 400,
  maxDelayMs: 4_000,
  maxTotalWaitMs: 10_000,
  retryOn: ['quota', 'server'],
};

export interface StreamRequest {
  provider: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Sent as JSON (objects) or as is (strings). */
  body?: unknown;
  signal: AbortSignal;
  /** Accepted Content-Type prefixes (case-insensitive); anything else is a bad response. */
  accept?: readonly string[];
  /** Content types refused whatever else is accepted (a captive portal's HTML page is not speech). */
  refuse?: readonly string[];
  parseErrorBody?: ErrorBodyParser;
  /** No bytes (or no response head) for this long means the stream is 'stalled'. */
  stallTimeoutMs?: number;
}

export interface StreamResponse {
  status: number;
  headers: Headers;
  /** The body, chunk by chunk; failures are SynthesisErrors; leaving early releases the connection. */
  body: AsyncIterable<Uint8Array>;
  /** Releases the connection without reading further. Safe to call more than once. */
  release(): void;
}

export const DEFAULT_STALL_TIMEOUT_MS = 15_000;
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Opens one streaming request. A non-2xx status or a wrong Content-Type throws a SynthesisError after
 * reading (a bounded part of) the body for the provider's own message. No retries here: see withRetry.
 */
export async function openStream(req: StreamRequest): Promise<StreamResponse> {
  req.signal.throwIfAborted();
  const stallMs = req.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  // One controller per request: the caller's abort, a stall, or release() all end the connection.
  const ctl = new AbortController();
  const onAbort = (): void => ctl.abort(req.signal.reason);
  req.signal.addEventListener('abort', onAbort, { once: true });
  const detach = (): void => req.signal.removeEventListener('abort', onAbort);

  let stalled = false;
  const headTimer = setTimeout(() => {
    stalled = true;
    ctl.abort(new Error('stalled'));
  }, stallMs);

  const headers: Record<string, string> = { ...req.headers };
  let body: string | undefined;
  if (req.body !== undefined) {
    body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }

  let res: Response;
  try {
    res = await fetch(req.url, { method: req.method ?? (body === undefined ? 'GET' : 'POST'), headers, body, signal: ctl.signal });
  } catch (err) {
    detach();
    clearTimeout(headTimer);
    if (req.signal.aborted) throw abortError(req.signal);
    if (stalled) throw new SynthesisError(req.provider, 'stalled', `no response within ${stallMs / 1000} s`);
    throw new SynthesisError(req.provider, 'network', describeNetworkError(err), { cause: err });
  }
  clearTimeout(headTimer);

  const release = (): void => {
    detach();
    if (!ctl.signal.aborted) ctl.abort(new Error('released'));
  };

  if (!res.ok) {
    try {
      throw await errorFromResponse(req, res, ctl.signal);
    } finally {
      release();
    }
  }
  if (req.accept || req.refuse) {
    const type = (res.headers.get('content-type') ?? '').toLowerCase();
    const accepted = !req.accept || req.accept.some((a) => type.startsWith(a.toLowerCase()));
    if (!accepted || req.refuse?.some((r) => type.startsWith(r.toLowerCase()))) {
      release();
      throw new SynthesisError(req.provider, 'server', `unexpected response type "${type || 'none'}"`, { status: res.status });
    }
  }
  if (!res.body) {
    release();
    throw new SynthesisError(req.provider, 'server', 'empty response', { status: res.status });
  }
  return { status: res.status, headers: res.headers, body: readBody(req, res.body, ctl, stallMs, release), release };
}

/** A whole (small) JSON response, e.g. a voice list, with the same error handling and retries. */
export async function fetchJson(req: Omit<StreamRequest, 'accept'>, retry: Partial<RetryPolicy> = {}): Promise<unknown> {
  return retrying(req.provider, req.signal, retry, async () => {
    const res = await openStream({ ...req, accept: ['application/json'] });
    const chunks: Uint8Array[] = [];
    for await (const c of res.body) chunks.push(c);
    const text = new TextDecoder().decode(concatBytes(chunks));
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new SynthesisError(req.provider, 'server', 'malformed JSON response', { cause: err });
    }
  });
}

/**
 * Runs `attempt` and passes its items on. If it fails with a retryable kind before it has yielded
 * anything (no audio handed on yet), waits (exponential backoff with full jitter, or Retry-After
 * when the provider gave one) and tries again, within the policy's limits. Abortable while waiting.
 */
export async function* withRetry<T>(
  provider: string,
  signal: AbortSignal,
  policy: Partial<RetryPolicy>,
  attempt: (n: number) => AsyncIterable<T>,
): AsyncGenerator<T> {
  const p = { ...DEFAULT_RETRY, ...policy };
  let waited = 0;
  for (let n = 0; ; n++) {
    let yielded = false;
    try {
      for await (const item of attempt(n)) {
        // Parsed items may be queued past the point of an abort: none is handed on after it.
        if (signal.aborted) throw abortError(signal);
        yielded = true;
        yield item;
      }
      return;
    } catch (err) {
      if (yielded || signal.aborted) throw err;
      const delay = retryDelay(err, n, p, waited);
      if (delay === undefined) throw err;
      waited += delay;
      await sleep(delay, signal);
    }
  }
}

async function retrying<T>(provider: string, signal: AbortSignal, policy: Partial<RetryPolicy>, fn: () => Promise<T>): Promise<T> {
  for await (const v of withRetry(provider, signal, policy, async function* () {
    yield await fn();
  })) {
    return v;
  }
  throw new SynthesisError(provider, 'server', 'no response');
}

/** The wait before attempt n+1, or undefined to give up. Exported for tests. */
export function retryDelay(err: unknown, n: number, p: RetryPolicy, waitedMs: number, random = Math.random): number | undefined {
  if (!(err instanceof SynthesisError) || !p.retryOn.includes(err.kind)) return undefined;
  if (n + 1 >= p.maxAttempts) return undefined;
  const backoff = random() * Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** n);
  // Retry-After is the server's floor; a little jitter on top keeps clients from waking together.
  const delay = err.options.retryAfterMs !== undefined ? err.options.retryAfterMs + random() * p.baseDelayMs * 0.25 : backoff;
  if (waitedMs + delay > p.maxTotalWaitMs) return undefined;
  return delay;
}

/** Waits, or rejects with the abort reason as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortError(signal));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

async function* readBody(
  req: StreamRequest,
  stream: ReadableStream<Uint8Array>,
  ctl: AbortController,
  stallMs: number,
  release: () => void,
): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let stalled = false;
  try {
    for (;;) {
      const timer = setTimeout(() => {
        stalled = true;
        void reader.cancel().catch(() => {});
        ctl.abort(new Error('stalled'));
      }, stallMs);
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (err) {
        if (req.signal.aborted) throw abortError(req.signal);
        if (stalled) throw new SynthesisError(req.provider, 'stalled', `no audio for ${stallMs / 1000} s`);
        throw new SynthesisError(req.provider, 'network', `the connection was cut: ${describeNetworkError(err)}`, { cause: err });
      } finally {
        clearTimeout(timer);
      }
      if (stalled) throw new SynthesisError(req.provider, 'stalled', `no audio for ${stallMs / 1000} s`);
      if (result.done) return;
      if (result.value.byteLength > 0) yield result.value;
    }
  } finally {
    // Reached on completion, on error, and when the consumer stops early: the connection goes back.
    void reader.cancel().catch(() => {});
    release();
  }
}

async function errorFromResponse(req: StreamRequest, res: Response, signal: AbortSignal): Promise<SynthesisError> {
  let text = '';
  try {
    text = await readLimited(res, MAX_ERROR_BODY_BYTES, signal);
  } catch {
    // The status alone still classifies the failure.
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const reading = req.parseErrorBody?.(res.status, json, text) ?? defaultErrorReading(json);
  // The server's words reach the reader and logs: a body that echoes the refused key must not, whether
  // or not that key was ever saved (a draft under test). Scrubbed before it is cut, so no part is left.
  const secrets = credentialsOf(req.headers);
  const message = reading?.message ? scrubSecrets(reading.message, secrets) : scrubSecrets(text.trim(), secrets).slice(0, 200) || `HTTP ${res.status}`;
  // Payment Required says it all, whatever code the body gives (Inworld's gateway: UNKNOWN).
  const kind = res.status === 402 ? 'billing' : (reading?.kind ?? kindForStatus(res.status));
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  return new SynthesisError(req.provider, kind, message, { status: res.status, retryAfterMs });
}

/** The credentials a request carries: the values of its authorization and key headers, with and without their scheme. */
function credentialsOf(headers: Record<string, string> = {}): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!/authorization|key|token|secret/iu.test(name)) continue;
    found.push(value);
    const scheme = /^\s*(?:Bearer|Basic|Token)\s+(.+)$/iu.exec(value);
    if (scheme) found.push(scheme[1]!);
  }
  return found;
}

/** The common error envelopes: {error:{message}}, {error:"..."}, {message}, {detail:{message}|"..."}. */
export function defaultErrorReading(body: unknown): ErrorBodyReading | undefined {
  if (!isRecord(body)) return undefined;
  const pick = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const err = body['error'];
  if (isRecord(err) && pick(err['message'])) return { message: pick(err['message']) };
  if (pick(err)) return { message: pick(err) };
  if (pick(body['message'])) return { message: pick(body['message']) };
  const detail = body['detail'];
  if (isRecord(detail) && pick(detail['message'])) return { message: pick(detail['message']) };
  if (pick(detail)) return { message: pick(detail) };
  if (Array.isArray(detail) && isRecord(detail[0]) && pick(detail[0]['msg'])) return { message: pick(detail[0]['msg']) };
  return undefined;
}

/** An `{error:{code,message}}` body whose code names the kind through `kinds` (AI TTS, Sarvam). */
export function readingByErrorCode(body: unknown, kinds: Readonly<Record<string, SynthesisErrorKind>>): ErrorBodyReading {
  const reading = defaultErrorReading(body);
  const err = isRecord(body) && isRecord(body['error']) ? body['error'] : undefined;
  const code = typeof err?.['code'] === 'string' ? err['code'] : undefined;
  const kind = code !== undefined && Object.hasOwn(kinds, code) ? kinds[code] : undefined;
  return { ...reading, ...(kind ? { kind } : {}) };
}

async function readLimited(res: Response, limit: number, signal: AbortSignal): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit && !signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    void reader.cancel().catch(() => {});
  }
  return new TextDecoder().decode(concatBytes(chunks).subarray(0, limit));
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}

function describeNetworkError(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error && parts.length < 4; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    parts.push(typeof code === 'string' ? `${e.message} (${code})` : e.message);
  }
  return parts.join(': ') || String(err);
}

/** The kind an HTTP status means, before any provider-specific reading of the body. */
export function kindForStatus(status: number): SynthesisErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'quota';
  if (status === 402) return 'billing';
  if (status === 404) return 'unknown-voice';
  if (status >= 500) return 'server';
  return 'bad-request';
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

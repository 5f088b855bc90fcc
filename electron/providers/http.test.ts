import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startFakeServer, type FakeProviderServer, type StreamFraming } from '../../test/fakes/provider-server';
import { SynthesisError } from '../speech/synthesis-error';
import { DEFAULT_RETRY, fetchJson, openStream, retryDelay, withRetry, type StreamRequest } from './http';

// A provider that streams lines of text, with the usual {error:{message}} envelope.
const framing: StreamFraming = {
  contentType: 'application/x-ndjson',
  errorFrame: () => '{"error":"boom"}\n',
  malformedFrame: '{{{\n',
};
const lines = ['one\n', 'two\n', 'three\n', 'four\n'];

let fake: FakeProviderServer;
beforeAll(async () => {
  fake = await startFakeServer({
    errorBody: (status, message, code) => ({ error: { message: `${message} (${code ?? status})`, code } }),
    routes: [
      { method: 'POST', path: /^\/stream$/, handle: (ctx) => ctx.stream(framing, lines) },
      { method: 'GET', path: /^\/voices$/, handle: (ctx) => ctx.sendJson(200, { voices: ['a', 'b'] }) },
    ],
  });
});
afterAll(() => fake.close());
beforeEach(() => fake.clearFaults());

function req(extra: Partial<StreamRequest> = {}): StreamRequest {
  return {
    provider: 'inworld',
    url: `${fake.url}/stream`,
    method: 'POST',
    headers: { Authorization: 'Basic a2V5' },
    body: { text: 'hi' },
    signal: new AbortController().signal,
    accept: ['application/x-ndjson'],
    ...extra,
  };
}

async function readAll(r: StreamRequest, retry = { baseDelayMs: 5, maxDelayMs: 20 }): Promise<string> {
  let text = '';
  const dec = new TextDecoder();
  for await (const chunk of withRetry(r.provider, r.signal, retry, async function* () {
    const res = await openStream(r);
    yield* res.body;
  })) {
    text += dec.decode(chunk, { stream: true });
  }
  return text;
}

async function failure(p: Promise<unknown>): Promise<SynthesisError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SynthesisError);
  return err as SynthesisError;
}

describe('openStream', () => {
  it('streams the body and sends the headers and JSON body it was given', async () => {
    const before = fake.requests.length;
    expect(await readAll(req())).toBe(lines.join(''));
    const sent = fake.requests[before]!;
    expect(sent.headers['authorization']).toBe('Basic a2V5');
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.body).toEqual({ text: 'hi' });
    await fake.waitForNoConnections();
  });

  it.each([
    [401, 'auth'],
    [403, 'auth'],
    [400, 'bad-request'],
    [404, 'unknown-voice'],
  ] as const)('classifies %i as %s, with the message from the body, and does not retry it', async (status, kind) => {
    fake.inject({ kind: 'status', status, code: 'x' });
    const before = fake.requests.length;
    const err = await failure(readAll(req()));
    expect(err.kind).toBe(kind);
    expect(err.options.status).toBe(status);
    expect(err.message).toBe(`injected ${status} (x)`);
    expect(fake.requests.length - before).toBe(1);
    await fake.waitForNoConnections();
  });

  it('hides a key the server echoes in its error, so it reaches neither the reader nor a log', async () => {
    fake.inject({ kind: 'status', status: 401, message: 'Invalid API key provided: sk-live-0123456789abcdefXYZ' });
    const err = await failure(readAll(req()));
    expect(err.message).toMatch(/^Invalid API key provided: \[hidden\]/);
    expect(err.message).not.toContain('0123456789abcdef');
    expect(err.userMessage).not.toContain('0123456789abcdef');
  });

  it('lets the provider read its own error body to choose the kind', async () => {
    fake.inject({ kind: 'status', status: 401, code: 'quota_exceeded' });
    const parseErrorBody = (_s: number, body: unknown) =>
      (body as { error?: { code?: string } }).error?.code === 'quota_exceeded' ? ({ kind: 'quota', message: 'out of credits' } as const) : undefined;
    const err = await failure(readAll(req({ parseErrorBody }), { baseDelayMs: 5, maxDelayMs: 5, maxAttempts: 1 } as never));
    expect([err.kind, err.message]).toEqual(['quota', 'out of credits']);
  });

  it('retries 429 and 5xx before the first byte, honouring Retry-After, then succeeds', async () => {
    fake.inject({ kind: 'status', status: 429, retryAfter: '0.05' });
    fake.inject({ kind: 'status', status: 503 });
    fake.inject({ kind: 'status', status: 500 });
    const before = fake.requests.length;
    const started = Date.now();
    expect(await readAll(req())).toBe(lines.join(''));
    expect(fake.requests.length - before).toBe(4);
    // Retry-After is a floor: at least 50 ms passed (no upper bound: the machine may be loaded).
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    await fake.waitForNoConnections();
  });

  it('gives up with the last error after the allowed attempts', async () => {
    fake.inject({ kind: 'status', status: 503 }, 10);
    const before = fake.requests.length;
    const err = await failure(readAll(req()));
    expect(err.kind).toBe('server');
    expect(fake.requests.length - before).toBe(DEFAULT_RETRY.maxAttempts);
    fake.clearFaults();
  });

  it('does not wait out a Retry-After longer than the total cap', async () => {
    fake.inject({ kind: 'status', status: 429, retryAfter: '3600' });
    const err = await failure(readAll(req()));
    expect(err.kind).toBe('quota');
    expect(err.options.retryAfterMs).toBe(3_600_000);
  });

  it('treats a wrong content type as a bad response from the server', async () => {
    fake.inject({ kind: 'wrong-content-type' });
    const err = await failure(readAll(req(), { baseDelayMs: 5, maxDelayMs: 5, maxAttempts: 1 } as never));
    expect(err.kind).toBe('server');
    expect(err.message).toMatch(/text\/html/);
    await fake.waitForNoConnections();
  });

  it('reports a connection cut mid-stream as network, after the bytes already received', async () => {
    fake.inject({ kind: 'cut-mid-stream', afterFrames: 2 });
    const got: string[] = [];
    const r = req();
    const err = await failure(
      (async () => {
        const res = await openStream(r);
        for await (const c of res.body) got.push(new TextDecoder().decode(c));
      })(),
    );
    expect(err.kind).toBe('network');
    expect(got.join('')).toBe('one\ntwo\n');
    await fake.waitForNoConnections();
  });

  it('reports a stall as stalled and closes the connection', async () => {
    fake.inject({ kind: 'stall', afterFrames: 1 });
    const err = await failure(readAll(req({ stallTimeoutMs: 300 })));
    expect(err.kind).toBe('stalled');
    await fake.waitForNoConnections();
  });

  it('reports an unreachable server as network', async () => {
    const err = await failure(readAll(req({ url: 'http://127.0.0.1:1/stream' })));
    expect(err.kind).toBe('network');
  });

  it('releases the connection when the consumer stops early or aborts', async () => {
    fake.inject({ kind: 'stall', afterFrames: 2 });
    const res = await openStream(req());
    for await (const _ of res.body) break;
    await fake.waitForNoConnections();

    fake.inject({ kind: 'stall', afterFrames: 1 });
    const ac = new AbortController();
    const res2 = await openStream(req({ signal: ac.signal }));
    const it = res2.body[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await fake.waitForNoConnections();
  });

  it('would notice a leak: a stream neither finished nor released keeps its connection open', async () => {
    fake.inject({ kind: 'stall', afterFrames: 1 });
    const res = await openStream(req());
    await res.body[Symbol.asyncIterator]().next();
    await expect(fake.waitForNoConnections(300)).rejects.toThrow(/leaked/);
    res.release();
    await fake.waitForNoConnections();
  });

  it('stops waiting between retries at once when aborted', async () => {
    fake.inject({ kind: 'status', status: 429, retryAfter: '5' });
    const ac = new AbortController();
    const p = readAll(req({ signal: ac.signal }), { baseDelayMs: 5, maxDelayMs: 5 });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('fetchJson', () => {
  it('returns the parsed body and retries a 503 first', async () => {
    fake.inject({ kind: 'status', status: 503 });
    const r = { provider: 'together', url: `${fake.url}/voices`, signal: new AbortController().signal };
    expect(await fetchJson(r, { baseDelayMs: 5 })).toEqual({ voices: ['a', 'b'] });
  });
});

describe('retryDelay', () => {
  const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000, maxTotalWaitMs: 5000 };
  const quota = (retryAfterMs?: number) => new SynthesisError('x', 'quota', 'slow down', { retryAfterMs });

  it('grows exponentially with full jitter, capped', () => {
    expect(retryDelay(quota(), 0, p, 0, () => 1)).toBe(100);
    expect(retryDelay(quota(), 2, p, 0, () => 1)).toBe(400);
    expect(retryDelay(quota(), 2, { ...p, maxAttempts: 10 }, 0, () => 0.5)).toBe(200);
    expect(retryDelay(quota(), 8, { ...p, maxAttempts: 10 }, 0, () => 1)).toBe(1000);
  });

  it('honours Retry-After as a floor and respects the total cap', () => {
    expect(retryDelay(quota(2000), 0, p, 0, () => 0)).toBe(2000);
    expect(retryDelay(quota(2000), 0, p, 3500, () => 0)).toBeUndefined();
  });

  it('never retries kinds that cannot succeed', () => {
    expect(retryDelay(new SynthesisError('x', 'auth', 'no'), 0, p, 0)).toBeUndefined();
    expect(retryDelay(new Error('plain'), 0, p, 0)).toBeUndefined();
  });
});

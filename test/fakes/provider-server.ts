// The base of every fake provider: a real HTTP server on 127.0.0.1 (random port) that records what
// clients send, counts open connections (so tests can prove none leaked), and injects faults on
// demand: error statuses before the stream, and, inside a stream, an error frame, a cut connection,
// a stall, a malformed frame. Idle keep-alive connections are closed by the server after 50 ms, so a
// connection that stays open is one whose response the client never finished nor released.
// (Not "Connection: close": undici then takes a cut chunked body for a clean end.)
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** No fault: lets a queued fault strike a later request. */
  | { kind: 'pass' }
  /** An error status before any audio; retryAfter is the Retry-After header, if any; message as the provider words it. */
  | { kind: 'status'; status: number; retryAfter?: string; code?: string; message?: string }
  /** HTTP 200 with an HTML body, as a captive portal or a misrouted proxy would send. */
  | { kind: 'wrong-content-type' }
  /** The provider's own error frame after `afterFrames` frames (default 1). */
  | { kind: 'error-mid-stream'; afterFrames?: number }
  /** The socket is destroyed after `afterFrames` frames. */
  | { kind: 'cut-mid-stream'; afterFrames?: number }
  /** Nothing more is sent after `afterFrames` frames, and the connection stays open. */
  | { kind: 'stall'; afterFrames?: number }
  /** A frame that does not parse, after `afterFrames` frames. */
  | { kind: 'malformed-frame'; afterFrames?: number };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** The body parsed as JSON, when it was JSON. */
  body: unknown;
}

export interface StreamFraming {
  contentType: string;
  /** The provider's in-stream error frame. */
  errorFrame: () => string | Uint8Array;
  /** A frame that does not parse in this framing. */
  malformedFrame: string | Uint8Array;
}

export interface FakeContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  request: RecordedRequest;
  /** Groups of the route's path pattern. */
  params: string[];
  /** Sends the provider's error envelope. */
  sendError(status: number, message: string, code?: string): void;
  sendJson(status: number, body: unknown, headers?: Record<string, string>): void;
  /** Streams frames, applying the stream fault injected for this request, if any. */
  stream(framing: StreamFraming, frames: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<void>;
}

export interface FakeRoute {
  method: 'GET' | 'POST';
  path: RegExp;
  /** Whether injected faults apply to this route (default true). */
  faults?: boolean;
  handle(ctx: FakeContext): void | Promise<void>;
}

export interface FakeServerOptions {
  routes: FakeRoute[];
  /** The provider's error body for a status. */
  errorBody(status: number, message: string, code?: string): unknown;
  /** Pause between frames, so clients really receive a stream in pieces (default 0: setImmediate). */
  frameDelayMs?: number;
  /** Listen on this port (a server brought back after a network drop); default: any free port. */
  port?: number;
}

export interface FakeProviderServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Connections open right now. */
  openConnections(): number;
  /** performance.now() when the latest stream wrote its first frame (NaN before any): for benches. */
  firstFrameAt(): number;
  /** Resolves once every connection has closed; rejects after timeoutMs (a leak). */
  waitForNoConnections(timeoutMs?: number): Promise<void>;
  /** Applies `fault` to the next `times` requests of fault-bearing routes. */
  inject(fault: Fault, times?: number): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startFakeServer(opts: FakeServerOptions): Promise<FakeProviderServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let faults: Fault[] = [];
  const timing = { firstFrameAt: NaN };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(opts.errorBody(500, `fake server bug: ${String(err)}`)));
      } else res.destroy();
    });
  });
  server.keepAliveTimeout = 50;
  // A connection counts once it carries a request: after a body is cancelled, undici opens a spare
  // connection that never carries one and closes it itself 4 s later; that is no leak of ours.
  server.on('request', (req: IncomingMessage) => {
    const s = req.socket;
    if (sockets.has(s)) return;
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const allSockets = new Set<Socket>();
  server.on('connection', (s) => {
    allSockets.add(s);
    s.once('close', () => allSockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      rawBody,
      body,
    };
    requests.push(request);

    const sendJson = (status: number, b: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(b));
    };
    const sendError = (status: number, message: string, code?: string): void => sendJson(status, opts.errorBody(status, message, code));

    let params: string[] = [];
    const route = opts.routes.find((r) => {
      if (r.method !== request.method) return false;
      const m = r.path.exec(url.pathname);
      if (m) params = m.slice(1).map((p) => decodeURIComponent(p ?? ''));
      return !!m;
    });
    if (!route) return sendError(404, `no route for ${request.method} ${url.pathname}`);

    const fault = route.faults === false ? undefined : faults.shift();
    if (fault?.kind === 'status') {
      return sendJson(fault.status, opts.errorBody(fault.status, fault.message ?? `injected ${fault.status}`, fault.code), fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {});
    }
    if (fault?.kind === 'wrong-content-type') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<html><body>Sign in to the network</body></html>');
      return;
    }

    const ctx: FakeContext = {
      req,
      res,
      url,
      request,
      params,
      sendError,
      sendJson,
      stream: (framing, frames) => streamFrames(res, framing, frames, fault, opts.frameDelayMs ?? 0, timing),
    };
    await route.handle(ctx);
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    openConnections: () => sockets.size,
    firstFrameAt: () => timing.firstFrameAt,
    async waitForNoConnections(timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (sockets.size > 0) {
        if (Date.now() > until) throw new Error(`${sockets.size} connection(s) still open: the client leaked them`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    inject(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    clearFaults() {
      faults = [];
    },
    async close() {
      faults = [];
      for (const s of allSockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function streamFrames(
  res: ServerResponse,
  framing: StreamFraming,
  frames: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  fault: Fault | undefined,
  delayMs: number,
  timing: { firstFrameAt: number },
): Promise<void> {
  const closed = new Promise<void>((resolve) => res.once('close', resolve));
  let clientGone = false;
  void closed.then(() => (clientGone = true));
  res.writeHead(200, { 'Content-Type': framing.contentType, 'Cache-Control': 'no-cache' });
  res.flushHeaders();
  const after = fault && fault.kind !== 'pass' && fault.kind !== 'status' && fault.kind !== 'wrong-content-type' ? (fault.afterFrames ?? 1) : Infinity;
  let sent = 0;
  for await (const frame of frames) {
    if (clientGone) return;
    if (sent === after) {
      await applyStreamFault(res, framing, fault!, closed);
      return;
    }
    if (sent === 0) timing.firstFrameAt = performance.now();
    await write(res, frame);
    sent++;
    await (delayMs > 0 ? new Promise((r) => setTimeout(r, delayMs)) : new Promise((r) => setImmediate(r)));
  }
  if (clientGone) return;
  // A fault set to strike after more frames than there were still strikes at the end.
  if (after !== Infinity && sent <= after) return applyStreamFault(res, framing, fault!, closed);
  res.end();
}

async function applyStreamFault(res: ServerResponse, framing: StreamFraming, fault: Fault, closed: Promise<void>): Promise<void> {
  switch (fault.kind) {
    case 'error-mid-stream':
      await write(res, framing.errorFrame());
      res.end();
      return;
    case 'malformed-frame':
      await write(res, framing.malformedFrame);
      res.end();
      return;
    case 'cut-mid-stream':
      res.socket?.destroy();
      return;
    case 'stall':
      // Hold the connection open, sending nothing, until the client gives up on it.
      await closed;
      return;
  }
}

function write(res: ServerResponse, frame: string | Uint8Array): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(frame, () => resolve());
  });
}

/** Splits bytes into pieces of at most `size` bytes (fakes stream audio in chunks). */
export function splitBytes(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, Math.min(bytes.length, i + size)));
  return out;
}

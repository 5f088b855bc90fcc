// End-to-end harness: serves the built renderer (out/renderer) on 127.0.0.1, a secure context as
// AudioWorklet needs, and gives the page `window.aloud` through an init script that talks over a
// WebSocket on the same port to the real main-process core running here in Node. Events that carry
// audio go as binary frames (wire.ts). The product CSP is left as built, except that the served copy
// of index.html also allows this harness's WebSocket.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { toIpcError } from '../../electron/service/service-error';
import { decodeBinaryEventSource, encodeBinaryEvent, hasBinary } from './wire';

/** The test build of the renderer (npm run build:probe), with the player probe the tests read. */
export const RENDERER_DIR = fileURLToPath(new URL('../../out/probe/renderer', import.meta.url));

/** What the page reaches through window.aloud: the same shape as the Aloud service. */
export interface Core {
  invoke(channel: string, rawArgs: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export type HarnessEmit = (channel: string, payload: unknown) => void;

export interface RecordedEvent {
  channel: string;
  payload: unknown;
}

export interface RecordedInvoke {
  channel: string;
  args: unknown;
}

export interface Harness {
  /** The reader page. */
  url: string;
  /** Pass to page.addInitScript before navigating: defines window.aloud. */
  initScript: string;
  /** Every event the core emitted, in order. */
  events: RecordedEvent[];
  /** Every call the page made, in order. */
  invokes: RecordedInvoke[];
  /** Sends an event to the page as main would. */
  emit: HarnessEmit;
  /** Calls the core as main's own parts do (the tray, a hotkey): not through the page, not recorded. */
  invoke(channel: string, args: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Builds the core, given the function through which it emits events to the page. */
  createCore(emit: HarnessEmit): Core | Promise<Core>;
  rendererDir?: string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const root = options.rendererDir ?? RENDERER_DIR;
  const events: RecordedEvent[] = [];
  const invokes: RecordedInvoke[] = [];
  const clients = new Set<WebSocket>();

  const emit: HarnessEmit = (channel, payload) => {
    events.push({ channel, payload });
    const frame = hasBinary(payload) ? encodeBinaryEvent(channel, payload) : JSON.stringify({ type: 'event', channel, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(frame);
  };
  const core = await options.createCore(emit);

  let port = 0;
  const server = createServer((req, res) => {
    serveStatic(root, req, res, () => port).catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  const wss = new WebSocketServer({ server, path: '/aloud' });
  wss.on('connection', (ws) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const msg = JSON.parse(String(data)) as { type: 'invoke'; id: number; channel: string; args: unknown };
      if (msg.type !== 'invoke') return;
      invokes.push({ channel: msg.channel, args: msg.args });
      core.invoke(msg.channel, msg.args).then(
        // A result that carries audio (a voice sample) goes as a binary frame, as audio events do.
        (value) => ws.send(hasBinary(value) ? encodeBinaryEvent(RESULT_FRAME, { id: msg.id, value }) : JSON.stringify({ type: 'result', id: msg.id, ok: true, value })),
        // A failure crosses as main's bridge sends it: its kind and its sentence.
        (err: unknown) => ws.send(JSON.stringify({ type: 'result', id: msg.id, ok: false, error: toIpcError(err) })),
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/index.html`,
    initScript: initScript(origin, `ws://127.0.0.1:${port}/aloud`),
    events,
    invokes,
    emit,
    invoke: (channel, args) => core.invoke(channel, args),
    async close() {
      for (const ws of clients) ws.terminate();
      await new Promise<void>((done) => wss.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await core.close();
    },
  };
}

async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, port: () => number): Promise<void> {
  const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403).end();
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(404).end();
    return;
  }
  const type = contentTypes[extname(file)] ?? 'application/octet-stream';
  if (extname(file) === '.html') body = Buffer.from(allowHarnessSocket(body.toString('utf8'), port()), 'utf8');
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** Adds this harness's WebSocket to the page's connect-src; the product CSP allows only 'self'. */
export function allowHarnessSocket(html: string, port: number): string {
  const rewritten = html.replace(/connect-src 'self'/, `connect-src 'self' ws://127.0.0.1:${port}`);
  if (rewritten === html) throw new Error("index.html has no \"connect-src 'self'\" in its CSP to extend");
  return rewritten;
}

/** The stand-in for the preload: the same AloudApi shape, over the harness's WebSocket. */
/** The channel name a binary frame carries when it is an invoke's result, not an event. */
const RESULT_FRAME = '$result';

function initScript(origin: string, wsUrl: string): string {
  return `(() => {
  if (location.origin !== ${JSON.stringify(origin)}) return;
  ${decodeBinaryEventSource}
  const ws = new WebSocket(${JSON.stringify(wsUrl)});
  ws.binaryType = 'arraybuffer';
  const opened = new Promise((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error('harness socket failed')), { once: true });
  });
  const pending = new Map();
  const listeners = new Map();
  let nextId = 1;
  ws.addEventListener('message', (e) => {
    let msg = typeof e.data === 'string' ? JSON.parse(e.data) : { type: 'event', ...decodeBinaryEvent(e.data) };
    if (msg.channel === ${JSON.stringify(RESULT_FRAME)}) msg = { type: 'result', ok: true, ...msg.payload };
    if (msg.type === 'result') {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      // Resolved with the reply, a refusal included, as the preload's invoke is.
      p.resolve(msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error });
    } else if (msg.type === 'event') {
      for (const listener of [...(listeners.get(msg.channel) || [])]) listener(msg.payload);
    }
  });
  const api = {
    async invoke(channel, args) {
      await opened;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ type: 'invoke', id, channel, args }));
      });
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel).add(listener);
      return () => listeners.get(channel).delete(listener);
    },
  };
  Object.defineProperty(window, 'aloud', { value: Object.freeze(api), enumerable: true });
})();`;
}

// A Piper voices catalogue on 127.0.0.1 that misbehaves on demand, as a broken mirror or an attacker's
// server would: voices.json and each of the voice's files can be served whole, forever past their
// listed size, a byte at a time, or not at all (the connection accepted, nothing answered). The voice
// it lists (en_US-hostile-low, the tiny fixture's settings and model unless another model is given) is
// listed with the true size and MD5 of what is served whole, so only the misbehaviour is at fault.
// It counts open connections, so a test can see that the client let go of every one.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { FIXTURE_VOICES, TINY_VOICE } from '../support/tiny-piper';

export const HOSTILE_VOICE = 'en_US-hostile-low';
const DIR = 'en/en_US/hostile/low';

export type Behaviour =
  | { kind: 'whole' }
  /** The body, then more bytes without end (no content-length). */
  | { kind: 'endless' }
  /** One byte every `everyMs`, without end. */
  | { kind: 'trickle'; everyMs: number }
  /** The connection is accepted and nothing is ever sent. */
  | { kind: 'silent' };

export interface HostileCatalogue {
  baseUrl: string;
  /** How voices.json is served. */
  catalogue: Behaviour;
  /** How the voice's model (.onnx) and settings (.onnx.json) are served. */
  model: Behaviour;
  config: Behaviour;
  /** What the model file holds (listed with its own size and MD5); the tiny fixture by default. */
  setModel(bytes: Uint8Array): void;
  /** Back to a well-behaved catalogue of the tiny voice. */
  reset(): void;
  /** The model's size as voices.json lists it, when it should lie; null: the true size. */
  listedModelBytes: number | null;
  /** voices.json as served, when it should be something else than the listing of the voice; null: the listing. */
  catalogueBody: Uint8Array | null;
  /** Connections open now. */
  openConnections(): number;
  /** Bytes of file bodies sent since the start. */
  bytesSent(): number;
  close(): Promise<void>;
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

export async function startHostileCatalogue(): Promise<HostileCatalogue> {
  const config = readFileSync(join(FIXTURE_VOICES, `${TINY_VOICE}.onnx.json`));
  const tinyModel = readFileSync(join(FIXTURE_VOICES, `${TINY_VOICE}.onnx`));
  let model: Uint8Array = tinyModel;
  let sent = 0;
  const sockets = new Set<Socket>();
  const state: Pick<HostileCatalogue, 'catalogue' | 'model' | 'config' | 'listedModelBytes' | 'catalogueBody'> = {
    catalogue: { kind: 'whole' },
    model: { kind: 'whole' },
    config: { kind: 'whole' },
    listedModelBytes: null,
    catalogueBody: null,
  };

  const catalogueJson = () =>
    Buffer.from(
      JSON.stringify({
        [HOSTILE_VOICE]: {
          key: HOSTILE_VOICE,
          name: 'hostile',
          language: { code: 'en_US', family: 'en', region: 'US', name_native: 'English', name_english: 'English', country_english: 'United States' },
          quality: 'low',
          num_speakers: 1,
          speaker_id_map: {},
          files: {
            [`${DIR}/${HOSTILE_VOICE}.onnx`]: { size_bytes: state.listedModelBytes ?? model.length, md5_digest: md5(model) },
            [`${DIR}/${HOSTILE_VOICE}.onnx.json`]: { size_bytes: config.length, md5_digest: md5(config) },
          },
          aliases: [],
        },
      }),
    );

  /** Writes `chunk` when the socket can take it; false once the client is gone. */
  const write = (res: ServerResponse, chunk: Uint8Array) =>
    new Promise<boolean>((resolve) => {
      if (res.destroyed || res.writableEnded) return resolve(false);
      sent += chunk.length;
      if (res.write(chunk)) return resolve(true);
      const done = (ok: boolean) => () => {
        res.off('drain', onDrain);
        res.off('close', onClose);
        resolve(ok);
      };
      const onDrain = done(true);
      const onClose = done(false);
      res.once('drain', onDrain).once('close', onClose);
    });

  async function serve(res: ServerResponse, body: Uint8Array, behaviour: Behaviour, filler: Uint8Array): Promise<void> {
    if (behaviour.kind === 'silent') return; // the socket stays open until the client gives up
    if (behaviour.kind === 'whole') {
      sent += body.length;
      res.writeHead(200, { 'content-length': body.length }).end(body);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    if (behaviour.kind === 'trickle') {
      for (let at = 0; ; at++) {
        if (!(await write(res, body.subarray(at % body.length, (at % body.length) + 1)))) return;
        await new Promise((r) => setTimeout(r, behaviour.everyMs));
      }
    }
    if (!(await write(res, body))) return;
    while (await write(res, filler));
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/piper\//, '');
    // No keep-alive: a connection open after a test is one the client did not let go of.
    res.setHeader('connection', 'close');
    if (path === 'voices.json') return void serve(res, state.catalogueBody ?? catalogueJson(), state.catalogue, Buffer.from(' '.repeat(64 * 1024)));
    if (path === `${DIR}/${HOSTILE_VOICE}.onnx`) return void serve(res, model, state.model, Buffer.alloc(64 * 1024, 0x41));
    if (path === `${DIR}/${HOSTILE_VOICE}.onnx.json`) return void serve(res, config, state.config, Buffer.from(' '.repeat(64 * 1024)));
    res.writeHead(404).end('Entry not found');
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    baseUrl: `http://127.0.0.1:${port}/piper`,
    setModel(bytes: Uint8Array) {
      model = bytes;
    },
    reset() {
      Object.assign(state, { catalogue: { kind: 'whole' }, model: { kind: 'whole' }, config: { kind: 'whole' }, listedModelBytes: null, catalogueBody: null });
      model = tinyModel;
    },
    openConnections: () => sockets.size,
    bytesSent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

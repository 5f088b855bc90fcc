// A fake Piper voices repository on localhost, as huggingface.co/rhasspy/piper-voices/resolve/main
// serves it: voices.json at the root and every voice's files at the paths it lists, with HTTP Range
// support (206 Partial Content) for resumed downloads, and each voice's sample (samples/speaker_0.mp3).
// Beside it, on the same host, Kokoro's repository as huggingface.co serves
// onnx-community/Kokoro-82M-v1.0-ONNX-timestamped: its files under /resolve/main and their list from
// the tree API (/api/models/OWNER/REPO/tree/main/DIR: size, git blob id, LFS SHA-256), made of the
// tiny Kokoro pack. Faults: cut a file's connection after some bytes, serve other bytes than the
// catalogue's checksum, ignore Range requests.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FIXTURE_VOICES } from '../support/tiny-piper';

/** Served below a path, as the real repository is, so base URLs with a path are tested. */
const PREFIX = '/rhasspy/piper-voices/resolve/main';
const KOKORO_REPO = '/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped';
/** Kokoro's files are kept under this prefix in the server's table. */
const KOKORO = 'kokoro:';
/** Files Hugging Face keeps in LFS (listed with a SHA-256), as the real repository does. */
const LFS = /\.(onnx|bin)$/;

export interface CatalogueFaults {
  /** File path -> bytes after which the next response for it is cut (then the fault clears). */
  cutAfter: Map<string, number>;
  /** File paths served with one byte changed. */
  corrupt: Set<string>;
  ignoreRange: boolean;
  /** Delay between chunks of a file body, in ms (so progress can be seen). */
  chunkDelayMs: number;
}

export interface FakeCatalogue {
  baseUrl: string;
  /** Kokoro's repository: https://HOST/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped. */
  kokoroSource: string;
  faults: CatalogueFaults;
  /** Every request: path and Range header. */
  requests: { path: string; range: string | undefined }[];
  close(): Promise<void>;
}

/** The catalogue entry for a fixture voice, as voices.json has it. */
function entry(key: string, files: Map<string, Buffer>) {
  const [lang, dataset, quality] = key.split('-') as [string, string, string];
  const dir = `${lang.split('_')[0]}/${lang}/${dataset}/${quality}`;
  const listed: Record<string, { size_bytes: number; md5_digest: string }> = {};
  for (const suffix of ['.onnx', '.onnx.json']) {
    const bytes = readFileSync(join(FIXTURE_VOICES, `${key}${suffix}`));
    const path = `${dir}/${key}${suffix}`;
    files.set(path, bytes);
    listed[path] = { size_bytes: bytes.length, md5_digest: createHash('md5').update(bytes).digest('hex') };
  }
  // Every voice of the real repository has a recorded sample; the test's is a short tone in MP3.
  files.set(`${dir}/samples/speaker_0.mp3`, readFileSync(join(FIXTURE_VOICES, 'sample-speaker_0.mp3')));
  const card = Buffer.from(`# Model card for ${dataset}\n`);
  files.set(`${dir}/MODEL_CARD`, card);
  listed[`${dir}/MODEL_CARD`] = { size_bytes: card.length, md5_digest: createHash('md5').update(card).digest('hex') };
  const config = JSON.parse(files.get(`${dir}/${key}.onnx.json`)!.toString('utf8')) as { num_speakers: number; speaker_id_map: Record<string, number> };
  return {
    key,
    name: dataset,
    language: { code: lang, family: lang.split('_')[0], region: lang.split('_')[1], name_native: 'English', name_english: 'English', country_english: 'United States' },
    quality,
    num_speakers: config.num_speakers,
    speaker_id_map: config.speaker_id_map,
    files: listed,
    aliases: [],
  };
}

/** Kokoro's repository made of the tiny pack: q8 and fp32 variants (the same tiny model), two voices it can speak and a Japanese one it cannot. */
function addKokoro(files: Map<string, Buffer>): void {
  const pack = join(FIXTURE_VOICES, 'kokoro-tiny');
  const model = readFileSync(join(pack, 'kokoro-tiny.onnx'));
  files.set(`${KOKORO}tokenizer.json`, readFileSync(join(pack, 'tokenizer.json')));
  files.set(`${KOKORO}config.json`, Buffer.from('{"model_type": "style_text_to_speech_2"}\n'));
  files.set(`${KOKORO}onnx/model_quantized.onnx`, model);
  files.set(`${KOKORO}onnx/model.onnx`, model);
  for (const name of ['af_heart', 'ff_siwis']) files.set(`${KOKORO}voices/${name}.bin`, readFileSync(join(pack, 'voices', `${name}.bin`)));
  files.set(`${KOKORO}voices/jf_alpha.bin`, readFileSync(join(pack, 'voices', 'af_heart.bin')));
}

/** The tree API's answer for a folder of Kokoro's repository. */
function kokoroTree(files: Map<string, Buffer>, dir: string): string {
  const listed = [];
  for (const [key, bytes] of files) {
    if (!key.startsWith(KOKORO)) continue;
    const path = key.slice(KOKORO.length);
    const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    if (parent !== dir) continue;
    const blobId = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    if (LFS.test(path)) {
      // An LFS file's git blob is its pointer; the file itself is named by its SHA-256.
      listed.push({ type: 'file', oid: createHash('sha1').update(path).digest('hex'), size: 134, path, lfs: { oid: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, pointerSize: 134 } });
    } else listed.push({ type: 'file', oid: blobId, size: bytes.length, path });
  }
  if (dir === '') listed.push({ type: 'directory', oid: '0'.repeat(40), size: 0, path: 'onnx' }, { type: 'directory', oid: '1'.repeat(40), size: 0, path: 'voices' });
  return JSON.stringify(listed);
}

export async function startFakeCatalogue(keys: readonly string[]): Promise<FakeCatalogue> {
  const files = new Map<string, Buffer>();
  const catalogue = Object.fromEntries(keys.map((key) => [key, entry(key, files)]));
  files.set('voices.json', Buffer.from(JSON.stringify(catalogue, null, 2)));
  addKokoro(files);
  const faults: CatalogueFaults = { cutAfter: new Map(), corrupt: new Set(), ignoreRange: false, chunkDelayMs: 0 };
  const requests: FakeCatalogue['requests'] = [];

  const server: Server = createServer((req, res) => {
    const full = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const tree = `/api/models${KOKORO_REPO}/tree/main`;
    if (full === tree || full.startsWith(`${tree}/`)) {
      requests.push({ path: full, range: undefined });
      res.writeHead(200, { 'content-type': 'application/json' }).end(kokoroTree(files, full.slice(tree.length + 1)));
      return;
    }
    const kokoroFiles = `${KOKORO_REPO}/resolve/main/`;
    const path = full.startsWith(`${PREFIX}/`) ? full.slice(PREFIX.length + 1) : full.startsWith(kokoroFiles) ? `${KOKORO}${full.slice(kokoroFiles.length)}` : '';
    const range = req.headers.range;
    requests.push({ path, range });
    let body = files.get(path);
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    if (faults.corrupt.has(path)) {
      body = Buffer.from(body);
      body[body.length >> 1] = body[body.length >> 1]! ^ 0xff;
    }
    let start = 0;
    const match = range && !faults.ignoreRange ? /^bytes=(\d+)-$/.exec(range) : null;
    if (match) {
      start = Number(match[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, 'accept-ranges': 'bytes' });
    } else {
      res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes' });
    }
    const cut = faults.cutAfter.get(path);
    if (cut !== undefined) faults.cutAfter.delete(path);
    const end = cut !== undefined ? Math.min(body.length, start + cut) : body.length;
    const send = async () => {
      for (let at = start; at < end; at += 1024) {
        res.write(body.subarray(at, Math.min(end, at + 1024)));
        if (faults.chunkDelayMs > 0) await new Promise((r) => setTimeout(r, faults.chunkDelayMs));
      }
      if (cut === undefined) {
        res.end();
        return;
      }
      // The connection drops mid-file, once what was sent has had time to arrive (a reset at once
      // would throw away bytes still in flight, and the client would see no response at all).
      await new Promise((r) => setTimeout(r, 100));
      res.socket?.destroy();
    };
    void send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${PREFIX}`,
    kokoroSource: `http://127.0.0.1:${port}${KOKORO_REPO}`,
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

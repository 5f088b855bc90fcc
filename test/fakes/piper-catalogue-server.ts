// A fake Piper voices repository on localhost, as huggingface.co/rhasspy/piper-voices/resolve/main
// serves it: voices.json at the root and every voice's files at the paths it lists, with HTTP Range
// support (206 Partial Content) for resumed downloads, and each voice's sample (samples/speaker_0.mp3). Faults: cut a file's connection after some
// bytes, serve other bytes than the catalogue's MD5, ignore Range requests.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { FIXTURE_VOICES } from '../support/tiny-piper';

/** Served below a path, as the real repository is, so base URLs with a path are tested. */
const PREFIX = '/rhasspy/piper-voices/resolve/main';

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

export async function startFakeCatalogue(keys: readonly string[]): Promise<FakeCatalogue> {
  const files = new Map<string, Buffer>();
  const catalogue = Object.fromEntries(keys.map((key) => [key, entry(key, files)]));
  files.set('voices.json', Buffer.from(JSON.stringify(catalogue, null, 2)));
  const faults: CatalogueFaults = { cutAfter: new Map(), corrupt: new Set(), ignoreRange: false, chunkDelayMs: 0 };
  const requests: FakeCatalogue['requests'] = [];

  const server: Server = createServer((req, res) => {
    const full = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const path = full.startsWith(`${PREFIX}/`) ? full.slice(PREFIX.length + 1) : '';
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
    faults,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

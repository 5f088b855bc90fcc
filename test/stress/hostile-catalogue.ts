// A hostile voice catalogue on 127.0.0.1 and hostile voice files (issue 26, cases 5 and 8): voices.json
// endless, silent, trickling or not a catalogue at all; a voice's files served past their listed
// size, a byte at a time, not at all, onto a full disk; models that are text, a program, cut short,
// empty or random bytes, by download (their checksums listed right) and by hand. Every case must end
// within its bounds (else it is hung) in one sentence; leave nothing on disk past a resumable part of
// at most the listed size, which `removeVoice` then clears, and no connection open (else leaked);
// and the voice installed before must stay installed and unchanged (else lost).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DownloadLimits } from '../../electron/engine/bounded-fetch';
import { listInstalledVoices } from '../../electron/engine/installed-voices';
import { fetchCatalogue } from '../../electron/engine/piper-catalogue';
import { downloadVoice } from '../../electron/engine/voice-download';
import { installVoiceFile, removeVoice, stagingFolder } from '../../electron/engine/voice-install';
import { HOSTILE_VOICE, startHostileCatalogue, type HostileCatalogue } from '../fakes/hostile-catalogue-server';
import { mountTinyDisk } from '../support/tiny-disk';
import { FIXTURE_VOICES, installTinyVoice, TINY_VOICE } from '../support/tiny-piper';
import { check, newReport, seededRandom, sleep, tryCase, type FamilyReport, type StressOptions } from './report';

/** Every file under `dir` and its size. */
function filesUnder(dir: string): Map<string, number> {
  const found = new Map<string, number>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stats = statSync(join(dir, name), { throwIfNoEntry: false });
    if (stats?.isFile()) found.set(name, stats.size);
  }
  return found;
}

function hashFolder(dir: string): string {
  const hash = createHash('sha256');
  for (const [name] of [...filesUnder(dir)].sort()) hash.update(name).update(readFileSync(join(dir, name)));
  return hash.digest('hex');
}

/** One sentence: one line, ending in a full stop (it may begin with a file's name, en_US-….onnx). */
const sentence = (message: string) => /^\S.*\.$/.test(message) && !message.includes('\n');

interface Outcome {
  /** The sentence it ended with; null when it succeeded. */
  error: string | null;
  ms: number;
}

export async function hostileCatalogue(opts: StressOptions): Promise<FamilyReport> {
  const report = newReport('hostile-catalogue');
  const random = seededRandom(opts.seed);
  // Small bounds so that each case ends in seconds; the defaults (30 s stall, a minute and more) are the same code.
  const limits: Partial<DownloadLimits> = opts.scale === 'full' ? { stallMs: 2000, minDeadlineMs: 6000, minBytesPerSecond: 1e9, catalogueMaxBytes: 1 << 20 } : { stallMs: 1500, minDeadlineMs: 3000, minBytesPerSecond: 1e9, catalogueMaxBytes: 256 << 10 };
  /** Past this a case is hung: its deadline and stall, with room for a loaded machine. */
  const hungAfterMs = 3 * (limits.minDeadlineMs! + limits.stallMs!) + 10_000;
  const work = mkdtempSync(join(tmpdir(), 'aloud-stress-catalogue-'));
  const folder = join(work, 'voices');
  const server: HostileCatalogue = await startHostileCatalogue();
  const disk = mountTinyDisk(opts.scale === 'full' ? 1024 : 256);
  let hung = 0;
  let leaked = 0;
  let longest = 0;
  let mostLeft = 0;

  // The voice a person already has: no hostile case may touch it.
  await installTinyVoice(folder);
  const sentinel = hashFolder(join(folder, TINY_VOICE));
  const tinyModel = readFileSync(join(FIXTURE_VOICES, `${TINY_VOICE}.onnx`));

  /** Runs `body`, which must fail, within the hung bound; its error must be one sentence. */
  async function ends(body: () => Promise<unknown>): Promise<Outcome> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      body().then(
        () => ({ error: null, ms: performance.now() - started }),
        (error: unknown) => ({ error: error instanceof Error ? error.message : String(error), ms: performance.now() - started }),
      ),
      new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), hungAfterMs))),
    ]);
    clearTimeout(timer);
    if (outcome === 'hung') {
      hung++;
      throw new Error(`hung: no end after ${hungAfterMs} ms`);
    }
    longest = Math.max(longest, outcome.ms);
    return outcome;
  }

  /** After a case: what is left is bounded and removable, connections are let go, the sentinel is whole. */
  async function afterCase(voices: string, mayKeepPart: boolean): Promise<void> {
    const left = filesUnder(stagingFolder(voices, HOSTILE_VOICE));
    const bytes = [...left.values()].reduce((a, b) => a + b, 0);
    mostLeft = Math.max(mostLeft, bytes);
    const model = left.get(`${HOSTILE_VOICE}.onnx.part`);
    if ((model !== undefined && !mayKeepPart) || bytes > 64 * 1024) {
      leaked++;
      throw new Error(`leaked: ${[...left].map(([n, s]) => `${n} (${s} bytes)`).join(', ')} left after the failure`);
    }
    await removeVoice(voices, HOSTILE_VOICE);
    if (existsSync(stagingFolder(voices, HOSTILE_VOICE)) || existsSync(join(voices, HOSTILE_VOICE))) {
      leaked++;
      throw new Error('leaked: removeVoice did not clear what the failed install left');
    }
    for (let waited = 0; server.openConnections() > 0; waited += 50) {
      // Idle connections close on the client's keep-alive timeout (4 s); one open past that was never let go.
      if (waited > 10_000) {
        leaked++;
        throw new Error(`leaked: ${server.openConnections()} connection(s) still open`);
      }
      await sleep(50);
    }
    if (!listInstalledVoices(folder).voices.some((v) => v.key === TINY_VOICE) || hashFolder(join(folder, TINY_VOICE)) !== sentinel) {
      report.lost++;
      throw new Error(`lost: the installed ${TINY_VOICE} changed or went`);
    }
  }

  /** A download through the catalogue that must fail in a sentence matching `expected`. */
  async function download(name: string, setUp: () => void, expected: RegExp, mayKeepPart: boolean, voices = folder, bounds = limits): Promise<void> {
    await tryCase(report, name, async () => {
      server.reset();
      setUp();
      // The catalogue with the default bounds: only the file's transfer is the case.
      const outcome = await ends(async () => downloadVoice(voices, (await fetchCatalogue(server.baseUrl))[0]!, server.baseUrl, { limits: bounds }));
      check(outcome.error !== null, 'it installed');
      check(sentence(outcome.error!) && expected.test(outcome.error!), `not the sentence expected: ${outcome.error}`);
      await afterCase(voices, mayKeepPart);
    });
  }

  /** voices.json that must be refused in one sentence. */
  async function catalogue(name: string, setUp: () => void, expected: RegExp): Promise<void> {
    await tryCase(report, name, async () => {
      server.reset();
      setUp();
      const outcome = await ends(() => fetchCatalogue(server.baseUrl, { limits }));
      check(outcome.error !== null, 'it was read as a catalogue');
      check(sentence(outcome.error!) && expected.test(outcome.error!), `not the sentence expected: ${outcome.error}`);
      await afterCase(folder, false);
    });
  }

  try {
    await catalogue('voices.json without end', () => (server.catalogue = { kind: 'endless' }), /could not be read: the server sent more than/);
    await catalogue('voices.json never answered', () => (server.catalogue = { kind: 'silent' }), /could not be read: the server sent nothing for/);
    await catalogue('voices.json a byte at a time', () => (server.catalogue = { kind: 'trickle', everyMs: 20 }), /could not be read: it took longer than/);
    await catalogue('voices.json that is a program', () => (server.catalogueBody = readFileSync('/bin/ls')), /is not a Piper voice catalogue/);
    const huge = { key: HOSTILE_VOICE, name: 'x', language: { code: 'en_US' }, quality: 'low', num_speakers: 16_000_000, files: { [`${HOSTILE_VOICE}.onnx`]: { size_bytes: 1e15, md5_digest: '0'.repeat(32) }, [`${HOSTILE_VOICE}.onnx.json`]: { size_bytes: 1e12, md5_digest: '0'.repeat(32) } } };
    await catalogue('voices.json with fields past every bound', () => (server.catalogueBody = Buffer.from(JSON.stringify({ a: huge, b: { ...huge, name: 'n'.repeat(100_000) } }))), /lists no Piper voice/);

    await download('a model served past its listed size', () => (server.model = { kind: 'endless' }), /was stopped and deleted: the server sent more than/, false);
    await download('a settings file without end', () => (server.config = { kind: 'endless' }), /was stopped and deleted: the server sent more than/, false);
    await download('a model a byte at a time', () => (server.model = { kind: 'trickle', everyMs: 25 }), /stopped after .*: it took longer than/, true);
    await download('a model never answered', () => (server.model = { kind: 'silent' }), /was stopped: the server sent nothing for/, true);
    await download('a model smaller than listed', () => (server.listedModelBytes = tinyModel.length * 3), /stopped after 3 KB of 8 KB/, true);
    if (disk) {
      await download('a model without end onto a full disk', () => (server.model = { kind: 'endless' }), /cannot be saved in .*: the disk is full; what was downloaded is deleted\./, false, join(disk.path, 'voices'), {
        ...limits,
        // A margin past the disk's size, so that the disk fills before the cap is reached.
        marginBytes: 1 << 30,
      });
    } else report.figures['full disk'] = 'not tried: a tmpfs needs root';

    const cuts = opts.scale === 'full' ? 12 : 3;
    const notModels: [string, Uint8Array][] = [
      ['a text file', Buffer.from('hello\n')],
      ['a program (/bin/ls)', readFileSync('/bin/ls')],
      ['an empty file', new Uint8Array(0)],
      ['a Kokoro model as a Piper voice', readFileSync(join(FIXTURE_VOICES, 'kokoro-tiny', 'kokoro-tiny.onnx'))],
      ...Array.from({ length: cuts }, (_, i): [string, Uint8Array] => {
        const at = 1 + Math.floor(random() * (tinyModel.length - 2));
        return [`the model cut at byte ${at} (${i + 1})`, tinyModel.subarray(0, at)];
      }),
      ...Array.from({ length: cuts }, (_, i): [string, Uint8Array] => {
        const bytes = new Uint8Array(1 + Math.floor(random() * 64 * 1024));
        for (let b = 0; b < bytes.length; b++) bytes[b] = Math.floor(random() * 256);
        return [`${bytes.length} random bytes (${i + 1})`, bytes];
      }),
    ];
    for (const [what, bytes] of notModels) {
      await download(`downloaded: ${what}`, () => server.setModel(bytes), /^en_US-hostile-low\.onnx is not a voice model Aloud can load: /, false);
      await tryCase(report, `by hand: ${what}`, async () => {
        const model = join(work, `${HOSTILE_VOICE}.onnx`);
        writeFileSync(model, bytes);
        copyFileSync(join(FIXTURE_VOICES, `${TINY_VOICE}.onnx.json`), `${model}.json`);
        const outcome = await ends(() => installVoiceFile(folder, model));
        check(outcome.error !== null, 'it installed');
        check(sentence(outcome.error!) && /^en_US-hostile-low\.onnx is not a voice model Aloud can load: /.test(outcome.error!), `not the sentence expected: ${outcome.error}`);
        check(!listInstalledVoices(folder).voices.some((v) => v.key === HOSTILE_VOICE), 'it is listed as installed');
        await afterCase(folder, false);
      });
    }
  } finally {
    await server.close();
    disk?.unmount();
    rmSync(work, { recursive: true, force: true });
  }
  report.figures.hung = String(hung);
  report.figures.leaked = String(leaked);
  report.figures['longest case'] = `${(longest / 1000).toFixed(1)} s`;
  report.figures['most left to resume'] = `${mostLeft} bytes`;
  return report;
}

// The command line as users run it: bin/aloud.mjs as a child process, on the built bundle
// (out/main/cli.js, made by `npm run build`, which `npm test` runs first), with the real built-in voice.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../electron/history/library-store';
import { voiceSchema } from '../../shared/voice';
import { startFakeCatalogue } from '../fakes/piper-catalogue-server';
import { FIXTURE_VOICES, TINY_DUO_VOICE, TINY_VOICE } from '../support/tiny-piper';
import { parseWav } from '../support/wav-file';

const root = join(__dirname, '../..');
const bin = join(root, 'bin/aloud.mjs');
const dir = mkdtempSync(join(tmpdir(), 'aloud-cli-'));
const fox = 'The quick brown fox jumps over the lazy dog. It was not amused.';

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function aloud(args: string[], opts: { stdin?: string; closeStdoutAfter?: number; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      outBytes += b.length;
      // Play `| head -c N`: stop reading and close the pipe.
      if (opts.closeStdoutAfter !== undefined && outBytes >= opts.closeStdoutAfter) child.stdout.destroy();
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Root mean square of s16le samples, in [0, 1]. */
function rms(pcm: Buffer): number {
  let sum = 0;
  const n = pcm.length / 2;
  for (let i = 0; i < n; i++) sum += (pcm.readInt16LE(i * 2) / 32768) ** 2;
  return Math.sqrt(sum / n);
}

beforeAll(() => {
  if (!existsSync(join(root, 'out/main/cli.js'))) throw new Error('out/main/cli.js is missing: run `npm run build` first (npm test does).');
});

describe('aloud say', () => {
  let stdoutPcm: Buffer;

  it('writes raw s16le PCM of the speech to stdout', async () => {
    const r = await aloud(['say', fox]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    stdoutPcm = r.stdout;
    expect(stdoutPcm.length % 2).toBe(0);
    const seconds = stdoutPcm.length / 2 / 22050;
    // Thirteen words at eSpeak's normal rate take a few seconds; silence or a click would not.
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(10);
    expect(rms(stdoutPcm)).toBeGreaterThan(0.02);
  });

  it('--out writes a valid WAV holding exactly the samples stdout gets', async () => {
    const file = join(dir, 'fox.wav');
    const r = await aloud(['say', fox, '--out', file]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(0);
    const bytes = readFileSync(file);
    const wav = parseWav(bytes);
    expect(wav).toMatchObject({ sampleRate: 22050, channels: 1, bitsPerSample: 16 });
    expect(bytes.length).toBe(44 + wav.data.length);
    expect(wav.frames).toBe(stdoutPcm.length / 2);
    expect(wav.data.equals(stdoutPcm)).toBe(true);
  });

  it('reads the text from stdin with -', async () => {
    const r = await aloud(['say', '-'], { stdin: `${fox}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout.equals(stdoutPcm)).toBe(true);
  });

  it('speaks faster with --rate 2 and with another --voice', async () => {
    const fast = await aloud(['say', fox, '--rate', '2']);
    expect(fast.code).toBe(0);
    const ratio = fast.stdout.length / stdoutPcm.length;
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(0.75);
    const german = await aloud(['say', 'Guten Morgen, wie geht es dir?', '--voice', 'builtin/de']);
    expect(german.code).toBe(0);
    expect(rms(german.stdout)).toBeGreaterThan(0.02);
  });

  it('shows progress on stderr with --progress, ending at all segments', async () => {
    const text = Array.from({ length: 6 }, (_, i) => `Sentence number ${i + 1} is short.`).join(' ');
    const r = await aloud(['say', text, '--progress', '--out', join(dir, 'progress.wav')]);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^segments (\d+)\/\1 \(100%\)$/);
    expect(lines[0]).toMatch(/^segments 0\/\d+ \(0%\)$/);
    // Without --progress and without a terminal, stderr stays quiet.
    expect((await aloud(['say', text, '--out', join(dir, 'quiet.wav')])).stderr).toBe('');
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s stops the reading, removes the partial WAV and exits with 130', async (signal) => {
    const long = Array.from({ length: 60 }, (_, i) => `This is sentence ${i + 1} of a long text.`).join(' ');
    const file = join(dir, `interrupted-${signal}.wav`);
    const child = spawn(process.execPath, [bin, 'say', long, '--out', file, '--progress'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        // Interrupt once some audio has been written.
        if (/segments [1-9]/.test(stderr)) child.kill(signal);
      });
      child.on('close', resolve);
    });
    expect(code).toBe(130);
    expect(existsSync(file)).toBe(false);
    expect(stderr).not.toMatch(/aloud: /);
  });

  /** Starts `say --out` on a long text in a folder of its own; `onWriting` runs once audio is being written. */
  function writeLong(onWriting: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; folder: string; file: string }> {
    const long = Array.from({ length: 80 }, (_, i) => `This is sentence ${i + 1} of a long text.`).join(' ');
    const folder = mkdtempSync(join(dir, 'out-'));
    const file = join(folder, 'reading.wav');
    const child = spawn(process.execPath, [bin, 'say', long, '--out', file, '--progress'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let told = false;
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString();
      if (!told && /segments [1-9]/.test(stderr)) {
        told = true;
        onWriting(child);
      }
    });
    return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, folder, file })));
  }

  it('a second signal ends at once and still leaves no file, not a WAV whose header says it holds nothing (issue 26, case 6)', async () => {
    const r = await writeLong((child) => {
      child.kill('SIGTERM');
      child.kill('SIGTERM');
    });
    expect(r.code).toBe(130);
    expect(readdirSync(r.folder)).toEqual([]);
  });

  it('kill -9 part way never leaves a broken WAV under the name asked for (issue 26, case 6)', async () => {
    for (let run = 0; run < 3; run++) {
      const r = await writeLong((child) => setTimeout(() => child.kill('SIGKILL'), run * 150));
      expect(r.signal).toBe('SIGKILL');
      // The name holds a whole WAV or nothing; only the hidden partial file may be left beside it.
      if (existsSync(r.file)) expect(() => parseWav(readFileSync(r.file))).not.toThrow();
      expect(readdirSync(r.folder).filter((f) => !/^\.reading\.wav\.\d+\.part$/.test(f))).toEqual(existsSync(r.file) ? ['reading.wav'] : []);
    }
  });

  it('stops quietly when the reader of the pipe goes away (| head -c)', async () => {
    const long = Array.from({ length: 30 }, (_, i) => `This is sentence ${i + 1} of a long text.`).join(' ');
    const r = await aloud(['say', long], { closeStdoutAfter: 4096 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('aloud voices', () => {
  it('stops quietly, with no stack trace, when the reader of a long list goes away (history list | head -1)', async () => {
    // More than a pipe's buffer of rows, so the writes after the reader left fail with EPIPE.
    const dataDir = mkdtempSync(join(tmpdir(), 'aloud-data-'));
    const lib = openLibrary({ path: join(dataDir, 'library.sqlite') });
    for (let i = 0; i < 3000; i++) lib.beginReading({ id: `r${i}`, text: `Reading number ${i}, long enough to fill a row of the list.`, provider: 'builtin', voice: 'en-us', synthRate: 1 });
    lib.close();
    const r = await aloud(['history', 'list', '--limit', '5000'], { env: { ALOUD_DATA_DIR: dataDir }, closeStdoutAfter: 1 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('lists the built-in voices as provider/id with names and languages', async () => {
    const r = await aloud(['voices']);
    expect(r.code).toBe(0);
    const lines = r.stdout.toString().trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((l) => /^builtin\/en-us\s/.test(l))).toBe(true);
    expect(lines.every((l) => l.startsWith('builtin/'))).toBe(true);
  });

  it('--json prints voices in the shared Voice shape', async () => {
    const r = await aloud(['voices', '--json']);
    expect(r.code).toBe(0);
    const voices = voiceSchema.array().parse(JSON.parse(r.stdout.toString()));
    expect(voices.map((v) => v.id)).toContain('en-us');
  });
});

describe('natural voices from the command line', () => {
  // Kokoro's repository is asked beside Piper's catalogue: never the real one from a test.
  const env = { ALOUD_DATA_DIR: mkdtempSync(join(tmpdir(), 'aloud-data-')), ALOUD_KOKORO_SOURCE: 'http://127.0.0.1:9/onnx-community/Kokoro' };

  it('lists the catalogue, installs a voice from it with progress, and then speaks with it offline', async () => {
    const catalogue = await startFakeCatalogue([TINY_VOICE, TINY_DUO_VOICE]);
    try {
      const available = await aloud(['voices', '--available', '--language', 'en', '--catalogue', catalogue.baseUrl, '--kokoro-source', catalogue.kokoroSource], { env });
      expect(available.code).toBe(0);
      expect(available.stdout.toString()).toMatch(new RegExp(`^${TINY_VOICE}\\s+English \\(United States\\)\\s+low\\s+1 speaker\\s+0\\.0 MB\\s*$`, 'm'));
      expect(available.stdout.toString()).toMatch(/^kokoro-82m-q8\s+English, French\s+q8\s+2 voices\s+1\.0 MB\s*$/m);

      const installed = await aloud(['voices', 'install', TINY_VOICE], { env: { ...env, ALOUD_VOICE_CATALOGUE: catalogue.baseUrl } });
      expect(installed.stderr).toMatch(/Downloading en_US-tiny-low: 0\.0 MB of 0\.0 MB \(100%\)\n$/);
      expect(installed.stdout.toString()).toBe(`Installed ${TINY_VOICE}: words are highlighted from the voice's own timings. Speak with it: aloud say --voice piper/${TINY_VOICE} "Hello"\n`);
      expect(installed.code).toBe(0);
    } finally {
      await catalogue.close();
    }
    // The catalogue is gone: the installed voice needs nothing from the network.
    const list = await aloud(['voices'], { env });
    expect(list.stdout.toString()).toMatch(/^piper\/en_US-tiny-low\s+Tiny \(low\)\s+en-US$/m);
    const file = join(env.ALOUD_DATA_DIR, 'tiny.wav');
    const said = await aloud(['say', 'Hello world, this is a natural voice.', '--voice', `piper/${TINY_VOICE}`, '--out', file], { env });
    expect(said.stderr).toBe('');
    expect(said.code).toBe(0);
    const wav = parseWav(readFileSync(file));
    expect(wav).toMatchObject({ sampleRate: 16000, channels: 1 });
    expect(wav.frames / 16000).toBeGreaterThan(1);
    // Raw PCM on stdout is always at 22050 Hz, the rate the help's aplay line gives.
    const raw = await aloud(['say', 'Hello world, this is a natural voice.', '--voice', `piper/${TINY_VOICE}`, '--no-history'], { env });
    expect(raw.code).toBe(0);
    expect(Math.abs(raw.stdout.length / 2 - (wav.frames * 22050) / 16000)).toBeLessThan(64);
    // Saved in the library like any reading, under the voice that spoke it.
    const history = await aloud(['history', 'list', '--json'], { env });
    expect(JSON.parse(history.stdout.toString())).toMatchObject([{ provider: 'piper', voice: TINY_VOICE }]);
  });

  it('installs Kokoro from its repository with progress, then speaks with its voices offline', async () => {
    const catalogue = await startFakeCatalogue([TINY_VOICE]);
    try {
      const installed = await aloud(['voices', 'install', 'kokoro-82m-q8'], { env: { ...env, ALOUD_VOICE_CATALOGUE: catalogue.baseUrl, ALOUD_KOKORO_SOURCE: catalogue.kokoroSource } });
      expect(installed.stderr).toMatch(/Downloading kokoro-82m-q8: 1\.0 MB of 1\.0 MB \(100%\)\n$/);
      expect(installed.stdout.toString()).toBe('Installed kokoro-82m-q8: words are highlighted from the voice\'s own timings. Speak with it: aloud say --voice kokoro/af_heart "Hello"\n');
      expect(installed.code).toBe(0);
    } finally {
      await catalogue.close();
    }
    const list = await aloud(['voices'], { env });
    expect(list.stdout.toString()).toMatch(/^kokoro\/af_heart\s+Heart\s+en-US$/m);
    expect(list.stdout.toString()).toMatch(/^kokoro\/ff_siwis\s+Siwis\s+fr-FR$/m);
    const file = join(env.ALOUD_DATA_DIR, 'kokoro.wav');
    const said = await aloud(['say', 'Hello world, this is Kokoro.', '--voice', 'kokoro/af_heart', '--out', file], { env });
    expect(said.stderr).toBe('');
    expect(said.code).toBe(0);
    const wav = parseWav(readFileSync(file));
    expect(wav).toMatchObject({ sampleRate: 24000, channels: 1 });
    expect(wav.frames / 24000).toBeGreaterThan(1);
    const history = await aloud(['history', 'list', '--json'], { env });
    expect(JSON.parse(history.stdout.toString())).toEqual(expect.arrayContaining([expect.objectContaining({ provider: 'kokoro', voice: 'af_heart' })]));
    const unknown = await aloud(['say', 'Hi.', '--voice', 'kokoro/af_nobody'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch("unknown voice 'kokoro/af_nobody'. Install it with `aloud voices install kokoro-82m-q8`");
    expect((await aloud(['voices', 'remove', 'kokoro-82m-q8'], { env })).stdout.toString()).toBe('Removed kokoro-82m-q8.\n');
  });

  it('installs a voice downloaded by hand, with each speaker a voice of its own, and removes it', async () => {
    const r = await aloud(['voices', 'install', join(FIXTURE_VOICES, `${TINY_DUO_VOICE}.onnx`)], { env });
    expect(r.code).toBe(0);
    const voices = voiceSchema.array().parse(JSON.parse((await aloud(['voices', '--json'], { env })).stdout.toString()));
    expect(voices.filter((v) => v.provider === 'piper').map((v) => v.id)).toEqual(expect.arrayContaining([`${TINY_DUO_VOICE}#ada`, `${TINY_DUO_VOICE}#ben`]));
    const said = await aloud(['say', 'Good morning.', '--voice', `piper/${TINY_DUO_VOICE}#ben`, '--no-history'], { env });
    expect(said.code).toBe(0);
    expect(said.stdout.length).toBeGreaterThan(0);

    const removed = await aloud(['voices', 'remove', TINY_DUO_VOICE], { env });
    expect(removed.stdout.toString()).toBe(`Removed ${TINY_DUO_VOICE}.\n`);
    const again = await aloud(['voices', 'remove', TINY_DUO_VOICE], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(`no natural voice '${TINY_DUO_VOICE}' is installed`);
  });

  it('says what went wrong when the catalogue cannot be reached or lacks the voice', async () => {
    const offline = await aloud(['voices', 'install', TINY_VOICE, '--catalogue', 'http://127.0.0.1:9/piper'], { env });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/^aloud: Could not reach the voice catalogue at http:\/\/127\.0\.0\.1:9\/piper\/voices\.json: check the network connection/);
    const catalogue = await startFakeCatalogue([TINY_VOICE]);
    try {
      const missing = await aloud(['voices', 'install', 'en_US-lessac-medium', '--catalogue', catalogue.baseUrl], { env });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(`the catalogue has no voice 'en_US-lessac-medium' (did you mean ${TINY_VOICE}?)`);
    } finally {
      await catalogue.close();
    }
  });
});

describe('aloud history', () => {
  it('reaches the library command, on the library named by ALOUD_DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aloud-data-'));
    const list = await aloud(['history', 'list'], { env: { ALOUD_DATA_DIR: dataDir } });
    expect(list.code).toBe(0);
    expect(`${list.stdout.toString()}${list.stderr}`).toMatch(/empty/i);
    const bad = await aloud(['history', 'bogus'], { env: { ALOUD_DATA_DIR: dataDir } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bogus/);
  });

  it('say saves each reading in the library as the app does, playable and searchable; --no-history saves nothing', async () => {
    const env = { ALOUD_DATA_DIR: mkdtempSync(join(tmpdir(), 'aloud-data-')) };
    const text = 'Saved from the command line, to hear again later.';
    const said = await aloud(['say', text, '--out', join(env.ALOUD_DATA_DIR, 'said.wav')], { env });
    expect(said.code).toBe(0);
    expect(said.stderr).toBe('');
    const listed = JSON.parse((await aloud(['history', 'list', '--json'], { env })).stdout.toString()) as { id: string; status: string; provider: string; voice: string; durationMs: number }[];
    expect(listed).toEqual([expect.objectContaining({ status: 'complete', provider: 'builtin', voice: 'en-us' })]);
    // The saved audio is as long as the WAV `say` wrote (16-bit mono: 2 bytes a sample).
    const wavMs = ((statSync(join(env.ALOUD_DATA_DIR, 'said.wav')).size - 44) / 2 / 22_050) * 1000;
    expect(Math.abs(listed[0]!.durationMs - wavMs)).toBeLessThan(100);
    const found = JSON.parse((await aloud(['history', 'search', 'command line', '--json'], { env })).stdout.toString()) as { id: string }[];
    expect(found.map((r) => r.id)).toEqual([listed[0]!.id]);

    const unsaved = await aloud(['say', 'Not for the library.', '--no-history'], { env });
    expect(unsaved.code).toBe(0);
    expect(unsaved.stdout.length).toBeGreaterThan(1000);
    expect(JSON.parse((await aloud(['history', 'list', '--json'], { env })).stdout.toString())).toHaveLength(1);
  });

  it('--show-text prints the text as it will be spoken, fit to hear as in the app, and speaks nothing; --verbatim reads it as written', async () => {
    const env = { ALOUD_DATA_DIR: mkdtempSync(join(tmpdir(), 'aloud-data-')) };
    const text = 'See https://www.github.com/aloud/app?tab=1 for the code.[12] It cost 1,234,567 dollars 🎉. Mail ada@example.org.';
    const shown = await aloud(['say', text, '--show-text'], { env });
    expect(shown.code).toBe(0);
    expect(shown.stderr).toBe('');
    expect(shown.stdout.toString()).toBe('See link to github.com for the code.\nIt cost 1234567 dollars .\nMail ada at example.org.\n');
    const verbatim = await aloud(['say', text, '--show-text', '--verbatim'], { env });
    // Cut where the voice's longest request ends, the link and the mark as written.
    expect(verbatim.stdout.toString().replaceAll('\n', '')).toContain('https://www.github.com/aloud/app?tab=1 for the code.[12]');
    // With pronunciation rules from another reader's find=replace list; a line it cannot use is told.
    const rules = join(env.ALOUD_DATA_DIR, 'rules.txt');
    writeFileSync(rules, 'dollars=bucks\nbroken line\n');
    const ruled = await aloud(['say', text, '--show-text', '--rules', rules], { env });
    expect(ruled.code).toBe(0);
    expect(ruled.stdout.toString()).toContain('It cost 1234567 bucks .');
    expect(ruled.stderr).toBe(`aloud: ${rules}: Line 2: “broken line” has no find=replace.\n`);
    const none = await aloud(['say', text, '--show-text', '--rules', join(env.ALOUD_DATA_DIR, 'missing.txt')], { env });
    expect(none.code).toBe(2);
    // Nothing was spoken, so nothing was saved.
    expect(JSON.parse((await aloud(['history', 'list', '--json'], { env })).stdout.toString())).toEqual([]);
  });

  it('say still speaks, and says the reading is not saved, when the library cannot be opened', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aloud-data-'));
    writeFileSync(join(dataDir, 'library.sqlite'), 'not a database at all, '.repeat(100));
    const r = await aloud(['say', 'Heard all the same.'], { env: { ALOUD_DATA_DIR: dataDir } });
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(1000);
    expect(r.stderr).toMatch(/this reading is not saved in the library: The library file .*library\.sqlite is not a database/);
  });
});

describe('bad input', () => {
  it.each([
    [['frobnicate'], /Unknown command 'frobnicate'/],
    [['say', 'hi', '--bogus'], /Unknown option '--bogus'/],
    [['say', 'hi', '--rate', '9'], /--rate must be a number from 0.5 to 4/],
    [['say'], /needs the text/],
    [['say', 'hi', '--voice', 'builtin/xx-none'], /unknown voice 'builtin\/xx-none'/],
    [['say', 'hi', '--voice', 'together/alloy'], /built-in and installed natural voices only/],
    [['say', 'hi', '--voice', 'piper/en_US-nobody-low'], /unknown voice 'piper\/en_US-nobody-low'\. Install it with `aloud voices install en_US-nobody-low`/],
    [['voices', 'install'], /voices install takes one voice id or \.onnx file/],
    [['voices', 'extra'], /unknown voices command 'extra'/],
    [['voices', '--language', 'fr'], /--language goes with --available/],
  ])('%j exits with code 2 and says why, writing no audio', async (args, message) => {
    const r = await aloud(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout.length).toBe(0);
  });

  it.each([
    ['white space', '  \n'],
    ['zero-width spaces', '\u200b\u200b\u200b\u200b'],
    ['a byte-order mark and direction marks', '\ufeff\u200e\u200f'],
  ])('a text of %s is refused as nothing to read, code 2, no audio', async (_what, text) => {
    const r = await aloud(['say', '-'], { stdin: text });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nothing to read/);
    expect(r.stdout.length).toBe(0);
  });

  it('refuses a program piped in by mistake (/bin/ls) as binary data, code 2, unless --force', async () => {
    const ls = readFileSync('/bin/ls').toString('utf8');
    const r = await aloud(['say', '-'], { stdin: ls });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/looks like binary data, not text \(\d+ control or undecodable characters in the first \d+\): pass --force/);
    expect(r.stdout.length).toBe(0);
    // With --force it reads: the first audio comes (the pipe is then closed, as | head would).
    const forced = await aloud(['say', '-', '--force'], { stdin: ls, closeStdoutAfter: 1 });
    expect(forced.code).toBe(0);
    expect(forced.stdout.length).toBeGreaterThan(0);
  });

  it('a WAV file that cannot be written fails with code 1 and a message', async () => {
    const r = await aloud(['say', 'Hello.', '--out', join(dir, 'no/such/dir/x.wav')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`aloud: ${join(dir, 'no/such/dir/x.wav')} cannot be written: its folder does not exist.\n`);
  });

  it('--help prints usage with the exact aplay line, exit 0', async () => {
    const r = await aloud(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toContain('aloud say "Hello there" | aplay -f S16_LE -r 22050 -c 1');
  });
});

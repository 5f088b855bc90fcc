// The command line run in-process through runCli, with fake stdio and a scripted built-in voice: what
// it reads, writes and says, and its exit codes (test/cli runs the built bundle as a process).
import { Readable, Writable } from 'node:stream';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { openLibrary, type LibraryStore } from '../history/library-store';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScriptedSynthesizer, type ScriptedSynthesizer, type ScriptedSynthesizerOptions } from '../../test/fakes/scripted-synthesizer';
import type { BuiltinVoice } from '../engine/builtin-voice';
import { MAX_READING_CHARS } from '../../shared/speakable';
import { FIXTURE_VOICES, TINY_VOICE } from '../../test/support/tiny-piper';
import { runCli, type CliIo } from './main';

function fakeBuiltinVoice(options: ScriptedSynthesizerOptions = {}): BuiltinVoice & ScriptedSynthesizer {
  const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], maxChars: 400, ...options });
  return Object.assign(synth, { provider: 'builtin' as const, warmUp: async () => {}, close: async () => {}, diagnostics: { workerStarts: 0, aborts: [] } });
}

/** Collects what is written; `fail` makes every write fail with that error code (a full disk: ENOSPC). */
function sink(fail?: string) {
  const out = { text: '', bytes: 0 };
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      if (fail) return done(Object.assign(new Error(`${fail}: write failed`), { code: fail }));
      out.bytes += chunk.length;
      out.text += chunk.toString();
      done();
    },
  });
  return { stream, out };
}

async function run(argv: string[], stdin: CliIo['stdin'] = Readable.from([]), failOutput?: string, io: { voice?: BuiltinVoice; signal?: AbortSignal } = {}) {
  const stdout = sink(failOutput);
  const stderr = sink();
  const code = await runCli(argv, { stdin, stdout: stdout.stream, stderr: stderr.stream, ...(io.signal ? { signal: io.signal } : {}) }, { createVoice: () => io.voice ?? fakeBuiltinVoice(), version: 'test' });
  return { code, stdout: stdout.out.text, stderr: stderr.out.text };
}

describe('aloud say -', () => {
  it('stops reading stdin as soon as the text passes the limit, with one sentence (issue 26, case 2)', async () => {
    // `yes "hello world" | aloud say -`: more than the limit arrives, in pipe-sized pieces.
    const piece = 'hello world\n'.repeat((64 * 1024) / 12);
    const endless = 10 * MAX_READING_CHARS;
    let pulled = 0;
    const yes = () =>
      new Readable({
        highWaterMark: 64 * 1024,
        read() {
          if (pulled >= endless) return void this.push(null);
          pulled += piece.length;
          this.push(piece);
        },
      });
    for (const argv of [['say', '-', '--no-history', '--no-progress'], ['say', '-', '--show-text']]) {
      pulled = 0;
      const { code, stdout, stderr } = await run(argv, yes());
      expect(code).toBe(2);
      expect(stderr).toBe(`aloud: the text is longer than ${MAX_READING_CHARS} characters; split it.\n`);
      expect(stdout).toBe('');
      // Bounded: no more than the limit and the pipe's read-ahead was taken in.
      expect(pulled).toBeLessThan(MAX_READING_CHARS + 1024 * 1024);
    }
  });
});

describe('a command whose output cannot be written', () => {
  it('ends in one sentence and exit 1, never a stack trace: > /dev/full (issue 26, case 9)', async () => {
    // A reading in the library, for `history list` to list.
    expect((await run(['say', 'Hello there.', '--out', join(mkdtempSync(join(tmpdir(), 'aloud-cli-')), 'a.wav'), '--no-progress'])).code).toBe(0);
    for (const argv of [['say', 'Hello', '--no-history', '--no-progress'], ['say', '--show-text', 'Hello'], ['history', 'list'], ['voices'], ['--help']]) {
      for (const [code, says] of [
        ['ENOSPC', 'the disk is full'],
        ['EIO', 'the device failed'],
      ]) {
        const result = await run(argv, undefined, code);
        expect({ argv, ...result }).toEqual({ argv, code: 1, stdout: '', stderr: `aloud: the output could not be written: ${says}.\n` });
      }
    }
  });
});

describe('what say writes and how it ends (issue 26, case 13)', () => {
  const folder = () => mkdtempSync(join(tmpdir(), 'aloud-cli-'));

  it('refuses an --out name that says another format than WAV, in one sentence, writing nothing', async () => {
    for (const name of ['x.mp3', 'x.ogg', 'x.flac', 'x.txt']) {
      const out = join(folder(), name);
      const result = await run(['say', 'Hello', '--out', out, '--no-history']);
      expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^aloud: [^\n]*\.wav[^\n]*\.\n(Run `aloud --help` for usage\.\n)?$/u) });
      expect(existsSync(out)).toBe(false);
    }
    for (const name of ['x.wav', 'X.WAV', 'no-extension']) {
      const out = join(folder(), name);
      expect((await run(['say', 'Hello', '--out', out, '--no-history'])).code).toBe(0);
      expect(readFileSync(out).subarray(0, 4).toString()).toBe('RIFF');
    }
  });

  it('a text with nothing left to read once made fit to hear ends as white space does: exit 2, no file', async () => {
    const whitespace = await run(['say', '-', '--no-history'], Readable.from(['  \n\t ']));
    expect(whitespace.code).toBe(2);
    for (const text of ['🎉', '🎉 🎊 👍']) {
      const out = join(folder(), 'party.wav');
      const result = await run(['say', text, '--out', out, '--no-history']);
      expect(result).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^aloud: nothing to read[^\n]*\.\n$/u) });
      expect(existsSync(out)).toBe(false);
    }
    // --verbatim reads the emoji by their names: there is something to read.
    expect((await run(['say', '🎉', '--verbatim', '--no-history', '--out', join(folder(), 'named.wav')])).code).toBe(0);
  });

  it('--show-text refuses what say refuses: binary data (unless --force), and white space with exit 2', async () => {
    const control = 'Hello\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008 world\n'.repeat(20);
    const said = await run(['say', '-', '--no-history'], Readable.from([control]));
    expect(said.code).toBe(2);
    const shown = await run(['say', '-', '--show-text'], Readable.from([control]));
    expect(shown).toEqual({ code: 2, stdout: '', stderr: said.stderr });
    expect((await run(['say', '-', '--show-text', '--force'], Readable.from([control]))).code).toBe(0);

    const blank = await run(['say', '-', '--show-text'], Readable.from([' \n\u200b\t ']));
    expect(blank).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^aloud: nothing to read[^\n]*\.\n$/u) });
    expect(await run(['say', '-', '--show-text'], Readable.from(['🎉']))).toMatchObject({ code: 2 });
  });
});

describe('what the command line says, word for word (issue 26, case 16)', () => {
  it('--rules on a missing file says it is missing, not that it cannot be written', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'aloud-cli-')), 'nope.txt');
    const result = await run(['say', 'Hello', '--show-text', '--rules', missing]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `aloud: --rules: ${missing} does not exist.\n` });
  });

  it('history list --voice takes the provider/voice id every other command uses, and the bare id still', async () => {
    expect((await run(['say', 'Filtered by voice.', '--out', join(mkdtempSync(join(tmpdir(), 'aloud-cli-')), 'v.wav'), '--no-progress'])).code).toBe(0);
    for (const voice of ['builtin/en-us', 'en-us']) {
      const listed = await run(['history', 'list', '--voice', voice]);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('builtin/en-us  Filtered by voice.');
    }
    expect((await run(['history', 'list', '--voice', 'piper/en-us'])).stdout).toBe('');
  });

  it('an unknown natural voice: one sentence, no capital mid-sentence', async () => {
    const result = await run(['say', 'Hello', '--voice', 'piper/en_US-nope-low', '--show-text']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("aloud: unknown voice 'piper/en_US-nope-low'. Install it with `aloud voices install en_US-nope-low`, or run `aloud voices` to list them.\n");
  });

  it("say --help prints say's own help (its options), not the main help; exit 0", async () => {
    const main = await run(['--help']);
    for (const argv of [['say', '--help'], ['say', '-h'], ['say', 'Hello', '--help']]) {
      const result = await run(argv);
      expect(result).toEqual({ code: 0, stdout: expect.stringContaining('aloud say "text" [options]'), stderr: '' });
      expect(result.stdout).not.toBe(main.stdout);
      // Say's own options are there; the other commands are not.
      for (const option of ['--voice ID', '--out FILE', '--no-history', '--show-text', '--rules FILE']) expect(result.stdout).toContain(option);
      expect(result.stdout).not.toContain('aloud voices install');
      expect(result.stdout).not.toContain('aloud history');
    }
  });

  it.each([
    ['voices', 'install'],
    ['voices', 'remove'],
    ['history', 'list'],
    ['history', 'search'],
    ['history', 'play'],
    ['history', 'export'],
    ['history', 'delete'],
  ])('%s %s --help shows the help, exit 0', async (command, sub) => {
    for (const flag of ['--help', '-h']) {
      const result = await run([command, sub, flag]);
      expect(result).toEqual({ code: 0, stdout: expect.stringContaining(`aloud ${command} ${sub}`), stderr: '' });
    }
  });
});

describe('the data folder (issue 26, case 11)', () => {
  it('voices install as the first command makes the data folder and voices/ the user\'s alone (0700), as say does', async () => {
    const before = process.env.ALOUD_DATA_DIR;
    try {
      for (const first of [
        ['voices', 'install', join(FIXTURE_VOICES, `${TINY_VOICE}.onnx`)],
        ['say', 'Hello there.', '--out', join(mkdtempSync(join(tmpdir(), 'aloud-cli-')), 'a.wav'), '--no-progress'],
      ]) {
        const data = join(mkdtempSync(join(tmpdir(), 'aloud-cli-')), 'fresh', 'Aloud');
        process.env.ALOUD_DATA_DIR = data;
        const result = await run(first);
        expect({ first, code: result.code, stderr: result.stderr }).toEqual({ first, code: 0, stderr: '' });
        expect((statSync(data).mode & 0o777).toString(8)).toBe('700');
        expect((statSync(dirname(data)).mode & 0o777).toString(8)).toBe('700');
        if (first[0] === 'voices') expect((statSync(join(data, 'voices')).mode & 0o777).toString(8)).toBe('700');
      }
    } finally {
      process.env.ALOUD_DATA_DIR = before;
    }
  });
});

describe('say --out with the library (issue 26, case 6)', () => {
  it('waits for the library to save what the voice made: the voice never runs far ahead, and a stop is prompt, leaving no file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aloud-cli-'));
    const before = process.env.ALOUD_DATA_DIR;
    process.env.ALOUD_DATA_DIR = join(folder, 'data');
    // A voice far quicker than saving (Opus): each 400-character segment is ~20 s of audio, made at once.
    const voice = fakeBuiltinVoice({ msPerWord: 300, sampleRate: 22050 });
    const text = 'Every sentence here is said at length by a voice much quicker than the library. '.repeat(200);
    const out = join(folder, 'long.wav');
    const stop = new AbortController();
    let library: LibraryStore | null = null;
    let furthestAhead = 0;
    let saved = 0;
    const watching = (async () => {
      while (!stop.signal.aborted) {
        await new Promise((r) => setTimeout(r, 20));
        const path = join(folder, 'data', 'library.sqlite');
        if (!library && existsSync(path)) library = openLibrary({ path, readonly: true });
        saved = (library?.list()[0]?.chunkCount ?? 0);
        furthestAhead = Math.max(furthestAhead, voice.requests.length - saved);
        // Enough saved to show the pace: stop, as Ctrl+C does.
        if (saved >= 6) stop.abort();
      }
    })();
    try {
      const stoppedAt: number[] = [];
      stop.signal.addEventListener('abort', () => stoppedAt.push(performance.now()));
      const result = await run(['say', text, '--out', out, '--no-progress'], undefined, undefined, { voice, signal: stop.signal });
      await watching;
      console.log(`say --out stopped ${(performance.now() - stoppedAt[0]!).toFixed(0)} ms after the signal; the voice ran at most ${furthestAhead} segments ahead of the library`);
      expect(result.code).toBe(130);
      // The voice made at most the file's lookahead past what is written, which waits for the library to
      // hold no more than about a segment unsaved, which commits a segment behind (before: all 200 segments
      // at once, their 20 s of audio each waiting in memory to be encoded).
      expect(furthestAhead).toBeLessThanOrEqual(10);
      // A stopped file is removed, whole or partial; the library keeps the reading as far as it got.
      expect(readdirSync(folder).filter((f) => f !== 'data')).toEqual([]);
      const kept = library!.list()[0]!;
      expect(kept.status).toBe('stopped');
      expect(kept.chunkCount).toBeGreaterThanOrEqual(6);
    } finally {
      (library as LibraryStore | null)?.close();
      process.env.ALOUD_DATA_DIR = before;
    }
  });
});

describe('saying the same text again (issue 26, case 14)', () => {
  it('keeps one library entry, moved to the top with a new date, instead of a copy per time', async () => {
    const before = process.env.ALOUD_DATA_DIR;
    const data = mkdtempSync(join(tmpdir(), 'aloud-cli-'));
    process.env.ALOUD_DATA_DIR = data;
    const library = () => openLibrary({ path: join(data, 'library.sqlite'), readonly: true });
    const listed = () => {
      const lib = library();
      try {
        return lib.list();
      } finally {
        lib.close();
      }
    };
    try {
      const say = async (...argv: string[]) => expect((await run(['say', ...argv, '--no-progress'])).code).toBe(0);
      await say('The same words, said again.');
      const [first] = listed();
      await say('Something else in between.');
      expect(listed().map((r) => r.preview)).toEqual(['Something else in between.', 'The same words, said again.']);
      await say('The same words, said again.');
      await say('The same words, said again.');
      const after = listed();
      // One entry, the same one, now first and dated later.
      expect(after.map((r) => r.preview)).toEqual(['The same words, said again.', 'Something else in between.']);
      expect(after[0]!.id).toBe(first!.id);
      expect(after[0]!.createdAt).toBeGreaterThan(first!.createdAt);
      // Another Speed heard is the same recording (the voice made it at its own rate, stretched after)...
      await say('The same words, said again.', '--speed', '2');
      expect(listed()).toHaveLength(2);
      // ...other rules (read as written) make another.
      await say('The same words, said again.', '--verbatim');
      expect(listed()).toHaveLength(3);
    } finally {
      process.env.ALOUD_DATA_DIR = before;
    }
  });
});

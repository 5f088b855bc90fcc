// `aloud`, the command line on the same core as the tray app, without Electron (out/main/cli.js,
// started by bin/aloud.mjs). Exit codes: 0 done, 1 failed while working, 2 bad command line, 130 interrupted.
// Start-up is what `xsel | aloud say` waits for: the modules `say` needs with the built-in voice are
// loaded at once, and without zod (the IPC contract's validation library costs ~0.1 s to load); the
// library, the natural voices and the other commands are imported when they are used, and the
// eSpeak worker is started before anything else is waited for.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { looksBinary } from '../../shared/binary-text';
import { DEFAULT_HEARING_RULES } from '../../shared/hearing-rules';
import { hasSpeakableText, MAX_READING_CHARS } from '../../shared/speakable';
import { parseRulesFile, type PronunciationRule } from '../../shared/pronunciation';
import { iterateSegments, segmentText, type TextSegment } from '../speech/segment-text';
import { parseVoiceKey, voiceKey } from '../../shared/voice-key';
import { BUILTIN_SAMPLE_RATE, createBuiltinVoice, DEFAULT_BUILTIN_VOICE, type BuiltinVoice } from '../engine/builtin-voice';
import { KOKORO_PROVIDER, PIPER_PROVIDER } from '../engine/natural-voice-providers';
import type { NaturalVoices } from '../engine/natural-voices';
import { aloudDataDir, libraryPath, makePrivateFolder } from '../history/library-path';
import type { Synthesizer } from '../speech/synthesizer';
import type { ReadingRecorder } from '../service/record-readings';
import { describeError } from '../service/service-error';
import { parseCliArgs, UsageError, type CliCommand } from './args';
import { fileErrorSentence, fileReadErrorSentence } from '../service/file-errors';
import { prepareReading } from '../service/prepare-reading';
import { streamSink, wavFileSink, writeAll } from './pcm-sinks';
import { say } from './say';

export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Aborted on Ctrl+C. */
  signal?: AbortSignal;
}

export interface CliDeps {
  createVoice(): BuiltinVoice;
  /** The natural voices installed in the data folder; started only when one is asked for. */
  createNaturalVoices?(): NaturalVoices;
  version: string;
}

/** How to hear raw PCM: in the main help and in say's. */
const PLAY_IT = `Play it with:
  aloud say "Hello there" | aplay -f S16_LE -r ${BUILTIN_SAMPLE_RATE} -c 1
  aloud say - < chapter.txt | aplay -f S16_LE -r ${BUILTIN_SAMPLE_RATE} -c 1
`;

const EXIT_CODES = 'Exit codes: 0 done, 1 failed, 2 bad command line, 130 interrupted.\n';

export const HELP = `Aloud reads text aloud.

Usage:
  aloud say "text" [options]     speak the text; aloud say --help for its options
  aloud say - [options]          speak what arrives on stdin
  aloud say FILE|URL [options]   read a document: PDF, EPUB, Word (.docx), a web page, Markdown or text
  aloud voices [--json]          list the voices (ids are provider/voice, e.g. builtin/${DEFAULT_BUILTIN_VOICE})
  aloud voices --available       natural offline voices (Piper) to install; aloud voices --help for more
  aloud voices install ID        download and install one, e.g. en_US-lessac-medium
  aloud history ...              the library of past readings (aloud history --help)
  aloud --help | --version

say writes raw PCM on stdout (signed 16-bit little-endian, mono, ${BUILTIN_SAMPLE_RATE} Hz), or a WAV file with --out.
${PLAY_IT}
${EXIT_CODES}`;

export const SAY_HELP = `Usage:
  aloud say "text" [options]     speak the text
  aloud say - [options]          speak what arrives on stdin (up to ${MAX_READING_CHARS} characters)
  aloud say FILE|URL [options]   read a document: a PDF, an EPUB, a Word file (.docx), a web page
                                 (saved, or its http(s) address), Markdown or text; a PDF without its
                                 running headers, footers and page numbers

Options:
  -v, --voice ID     a voice from \`aloud voices\` (default builtin/${DEFAULT_BUILTIN_VOICE}; a bare id means builtin/ID;
                     an installed natural voice is piper/ID)
  -s, --speed N      speed, from 0.5 to 4 (1 is normal), pitch kept (also -r, --rate)
  -o, --out FILE     write a WAV file instead of raw audio on stdout
      --progress     show progress on stderr even when it is not a terminal
      --no-progress  never show progress
      --force        read input that looks like binary data all the same
      --no-history   do not save the reading in the library (saved by default, as the app does)
      --show-text    print the text as it will be spoken, one piece a line, and speak nothing
      --verbatim     read the text as written: links, citation marks, code, emoji and page numbers
                     are otherwise made fit to hear, as in the app
      --rules FILE   pronunciation rules: Aloud's JSON export, or find=replace lines
  -h, --help         this help

Without --out, the audio goes to stdout as raw PCM: signed 16-bit little-endian, mono, ${BUILTIN_SAMPLE_RATE} Hz
(whatever the voice's own rate).
${PLAY_IT}
${EXIT_CODES}`;

export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  // Output that cannot be written (`> /dev/full`, a disk error) ends any command in one sentence and
  // exit 1. A closed pipe (`| head`) is no failure: main() ends the process on EPIPE.
  let outputError: NodeJS.ErrnoException | undefined;
  const onOutputError = (e: NodeJS.ErrnoException) => void (outputError ??= e);
  io.stdout.on('error', onOutputError);
  let code: number;
  try {
    code = await runCommand(argv, io, deps, () => outputError);
    await flushed(io.stdout); // a failure of the last write is heard before the exit code is chosen
  } finally {
    io.stdout.removeListener('error', onOutputError);
  }
  const failed = outputError as NodeJS.ErrnoException | undefined;
  if (!failed || failed.code === 'EPIPE') return code;
  io.stderr.write(`aloud: the output could not be written: ${outputFailure(failed)}.\n`);
  return 1;
}

const OUTPUT_FAILURES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'your disk quota is used up',
  EIO: 'the device failed',
  EROFS: 'the disk is read-only',
  EBADF: 'it is not open for writing',
  EFBIG: 'the file is too large for its disk',
};

function outputFailure(e: NodeJS.ErrnoException): string {
  return (e.code && OUTPUT_FAILURES[e.code]) || `${(e.message.split('\n')[0] ?? '').replace(/\.$/u, '') || e.code || 'unknown error'}`;
}

/** Resolves once what was written to `stream` has been handed on, or has failed (its error heard). */
async function flushed(stream: NodeJS.WritableStream): Promise<void> {
  // A synchronous stream (a file, /dev/full) reports a failed write on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  const w = stream as NodeJS.WritableStream & { writableLength?: number; destroyed?: boolean };
  if (w.destroyed || !w.writableLength) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      for (const event of ['drain', 'close', 'error']) stream.removeListener(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) stream.once(event, done);
  });
}

async function runCommand(argv: readonly string[], io: CliIo, deps: CliDeps, outputError: () => Error | undefined): Promise<number> {
  const err = (line: string) => void io.stderr.write(`${line}\n`);
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`aloud: ${e.message}`);
    err('Run `aloud --help` for usage.');
    return 2;
  }
  switch (command.kind) {
    case 'help':
      io.stdout.write(command.topic === 'say' ? SAY_HELP : HELP);
      return 0;
    case 'version':
      io.stdout.write(`aloud ${deps.version}\n`);
      return 0;
    case 'history': {
      const { runHistoryCommand } = await import('./history-command');
      return runHistoryCommand(command.args, { stdout: io.stdout, stderr: io.stderr, ...(io.signal ? { signal: io.signal } : {}) });
    }
    case 'voices':
    case 'say':
      break;
  }

  const voice = deps.createVoice();
  let natural: NaturalVoices | undefined;
  const naturalVoices = async () => {
    if (natural) return natural;
    const [{ createNaturalVoices }, { voicesFolder }] = await Promise.all([import('../engine/natural-voices'), import('../engine/installed-voices')]);
    return (natural = deps.createNaturalVoices?.() ?? createNaturalVoices({ folder: voicesFolder(aloudDataDir()) }));
  };
  try {
    if (command.kind === 'voices') {
      const [{ runVoicesCommand }, { voicesFolder }] = await Promise.all([import('./voices-command'), import('../engine/installed-voices')]);
      const folder = voicesFolder(aloudDataDir());
      // An install may be the first write to the data folder: it gets the same permissions as a first `say`.
      if (command.args[0] === 'install') makePrivateFolder(folder);
      return await runVoicesCommand(command.args, io, {
        builtinVoices: (signal) => voice.listVoices(signal),
        folder,
        catalogueUrl: process.env['ALOUD_VOICE_CATALOGUE'] || null,
        kokoroSource: process.env['ALOUD_KOKORO_SOURCE'] || null,
      });
    }
    // The built-in voice's engine takes the longest to start: start it now, while the text is read.
    if (command.voice === null || !command.voice.includes('/') || command.voice.startsWith('builtin/')) voice.listVoices(io.signal).catch(() => undefined);
    return await runSay(command, voice, naturalVoices, io);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`aloud: ${e.message}`);
      return 2;
    }
    if (io.signal?.aborted) return 130;
    if (e === outputError()) return 1; // told by runCli
    err(`aloud: ${fileErrorSentence(e) ?? describeError(e)}`);
    return 1;
  } finally {
    await Promise.all([voice.close(), natural?.close()]);
  }
}

async function runSay(command: Extract<CliCommand, { kind: 'say' }>, builtin: BuiltinVoice, natural: () => Promise<NaturalVoices>, io: CliIo): Promise<number> {
  const { synthesizer: voice, id: voiceId, language } = await resolveVoice(command.voice, builtin, natural, io.signal);
  const pronunciation = command.rules ? await readRulesFile(command.rules, io) : [];
  // --show-text takes in what say takes in, and refuses what say refuses.
  const text = await textToSay(command, io);
  // --show-text speaks nothing, so nothing is saved.
  const history = command.history && !command.showText ? await openSayHistory((line) => void io.stderr.write(`${line}\n`)) : null;
  // Prepared as the app prepares a reading, with the rules' defaults (the command line does not read
  // the app's settings), the pronunciation rules of --rules, and the app's recorder.
  const preparation = prepareReading({ rules: () => ({ hearing: command.verbatim ? null : DEFAULT_HEARING_RULES, pronunciation }), recorder: history?.recorder });
  const rules = preparation.textRules(voiceKey({ provider: voice.provider, id: voiceId }), language);
  // Emoji alone, or links alone, leave nothing once made fit to hear: said as white space is, before a
  // file is written or a reading saved. (Lazy: the first segment with something to say ends the look.)
  if (!hasSomethingToSay(iterateSegments(text, { maxChars: voice.maxChars, ...rules }))) {
    throw new UsageError('nothing to read once the text is made fit to hear (emoji, links and citation marks are left out): --verbatim reads it as written.');
  }
  if (command.showText) {
    for (const s of segmentText(text, { maxChars: voice.maxChars, ...rules })) io.stdout.write(`${s.text}\n`);
    return 0;
  }

  // Raw PCM has no header to say its rate: it is always the built-in voice's, whatever the voice.
  const sink = command.out ? wavFileSink(command.out) : streamSink(io.stdout, { sampleRate: BUILTIN_SAMPLE_RATE });
  const showProgress = command.progress ?? io.stderr.isTTY === true;
  const tty = io.stderr.isTTY === true;
  let lastShown = -1;
  const onProgress = (done: number, total: number) => {
    if (total < 2 || done === lastShown) return;
    lastShown = done;
    const line = `segments ${done}/${total} (${Math.floor((done / total) * 100)}%)`;
    // A terminal gets one line updated in place; a log gets a line per step.
    io.stderr.write(tty ? `\r${line}${done === total ? '\n' : ''}` : `${line}\n`);
  };
  return writeAll(sink, async () => {
    const result = await say({
      text,
      synthesizer: voice,
      voice: voiceId,
      speed: command.speed,
      sink,
      lookahead: command.out ? FILE_LOOKAHEAD : 2,
      rules,
      ...(showProgress ? { onProgress } : {}),
      ...(preparation.observe ? { observe: preparation.observe } : {}),
      ...(history ? { caughtUp: () => history.recorder.caughtUp() } : {}),
      ...(io.signal ? { signal: io.signal } : {}),
    }).finally(() => history?.close());
    return result.end;
  });
}

/**
 * Segments a file's voice may make past the one being written: enough to keep the voice busy while the
 * file and the library catch up, few enough to bound memory (a built-in voice's segment is up to 500
 * characters, about 30 s of audio, 2.6 MB).
 */
const FILE_LOOKAHEAD = 4;

function hasSomethingToSay(segments: Iterable<TextSegment>): boolean {
  for (const s of segments) if (hasSpeakableText(s.text)) return true;
  return false;
}

/** The text to speak, from the command line or stdin; one that cannot be spoken is a usage error. */
async function textToSay(command: Extract<CliCommand, { kind: 'say' }>, io: CliIo): Promise<string> {
  if (!command.out && !command.showText && io.stdout.isTTY) {
    throw new UsageError(`refusing to write raw audio to the terminal: pipe it (| aplay -f S16_LE -r ${BUILTIN_SAMPLE_RATE} -c 1) or use --out file.wav.`);
  }
  if (command.text === null && io.stdin.isTTY) io.stderr.write('Reading the text from the terminal; end it with Ctrl+D.\n');
  const text = command.text === null ? await readAll(io.stdin) : ((await documentNamed(command.text)) ?? command.text);
  if (!hasSpeakableText(text)) throw new UsageError('nothing to read: the text has no letter, digit or symbol to speak.');
  const binary = looksBinary(text);
  if (binary.binary && !command.force) {
    throw new UsageError(`this looks like binary data, not text (${binary.odd} control or undecodable characters in the first ${binary.sampled}): pass --force to read it anyway.`);
  }
  if (text.length > MAX_READING_CHARS) throw tooLong();
  return text;
}

/** Whether `arg` is the path of a file (not a text that cannot be one: too long, several lines). */
function namesFile(arg: string): boolean {
  if (arg.length > 4096 || arg.includes('\n')) return false;
  try {
    return statSync(arg, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false; // ENAMETOOLONG and the like: text, not a path
  }
}

/**
 * The text of the document `arg` names, when it is a web address or a file that exists (a PDF, an
 * EPUB, a Word file, a web page, Markdown or text); null when it is text to read as it is.
 */
async function documentNamed(arg: string): Promise<string | null> {
  const { isWebAddress, openDocumentFile, openWebPage } = await import('../service/document-source');
  if (isWebAddress(arg)) return (await openWebPage(arg.trim())).text;
  return namesFile(arg) ? (await openDocumentFile(arg)).text : null;
}

/** The rules of a --rules file; lines it cannot use are told on stderr, a file with none is a usage error. */
async function readRulesFile(path: string, io: CliIo): Promise<PronunciationRule[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`--rules: ${fileReadErrorSentence(e, path) ?? describeError(e)}`);
  }
  const { rules, problems } = parseRulesFile(text);
  for (const p of problems) io.stderr.write(`aloud: ${path}: ${p}\n`);
  if (rules.length === 0) throw new UsageError(`--rules: ${path} holds no pronunciation rule Aloud can use.`);
  return rules;
}

/**
 * The library `say` saves into, as the app records its readings (a stopped one kept as far as it
 * got); null, with one line on stderr, when it cannot be opened: the audio matters more.
 */
async function openSayHistory(err: (line: string) => void): Promise<{ recorder: ReadingRecorder; close(): Promise<void> } | null> {
  const [{ openLibrary }, { recordReadings }] = await Promise.all([import('../history/library-store'), import('../service/record-readings')]);
  let store: ReturnType<typeof openLibrary>;
  try {
    const path = libraryPath();
    makePrivateFolder(dirname(path));
    store = openLibrary({ path, checkHealth: false });
  } catch (e) {
    err(`aloud: this reading is not saved in the library: ${fileErrorSentence(e) ?? describeError(e)} (--no-history skips the library).`);
    return null;
  }
  const recorder = recordReadings(store, (e) => err(`aloud: saving to the library failed: ${describeError(e)}`));
  return {
    recorder,
    async close() {
      await recorder.close();
      store.close();
    },
  };
}

/** A voice from the command line to its synthesizer, own id and language (the rules'); bad ones are usage errors. */
async function resolveVoice(
  wanted: string | null,
  builtin: BuiltinVoice,
  natural: () => Promise<NaturalVoices>,
  signal?: AbortSignal,
): Promise<{ synthesizer: Synthesizer; id: string; language: string | undefined }> {
  // The default voice is not looked up (its engine is still starting): its id is its language tag.
  if (wanted === null) return { synthesizer: builtin, id: DEFAULT_BUILTIN_VOICE, language: DEFAULT_BUILTIN_VOICE };
  let id = wanted;
  let synthesizer: Synthesizer = builtin;
  if (wanted.includes('/')) {
    const key = parseVoiceKey(wanted);
    if (!key) throw new UsageError(`'${wanted}' is not a voice id (provider/voice, e.g. builtin/${DEFAULT_BUILTIN_VOICE}).`);
    if (key.provider === PIPER_PROVIDER) synthesizer = (await natural()).piper;
    else if (key.provider === KOKORO_PROVIDER) synthesizer = (await natural()).kokoro;
    else if (key.provider !== builtin.provider) {
      throw new UsageError(`the command line speaks with the built-in and installed natural voices only, not '${key.provider}'.`);
    }
    id = key.id;
  }
  const voices = await synthesizer.listVoices(signal);
  const listed = voices.find((v) => v.id === id);
  if (!listed) {
    const install = synthesizer.provider === KOKORO_PROVIDER ? 'kokoro-82m-q8' : id.split('#')[0];
    const how = synthesizer === builtin ? 'Run' : `Install it with \`aloud voices install ${install}\`, or run`;
    throw new UsageError(`unknown voice '${wanted}'. ${how} \`aloud voices\` to list them.`);
  }
  return { synthesizer, id, language: listed.languages[0] };
}

/**
 * Stdin as text, with the limit a reading has: reading stops as soon as the text passes it (`yes |
 * aloud say -` never ends), so memory stays bounded whatever arrives.
 */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const decoder = new StringDecoder('utf8');
  const parts: string[] = [];
  let length = 0;
  for await (const part of stream) {
    const text = typeof part === 'string' ? part : decoder.write(part);
    length += text.length;
    if (length > MAX_READING_CHARS) throw tooLong(); // leaving the loop destroys the stream
    parts.push(text);
  }
  const text = parts.join('') + decoder.end();
  if (text.length > MAX_READING_CHARS) throw tooLong();
  return text;
}

const tooLong = () => new UsageError(`the text is longer than ${MAX_READING_CHARS} characters; split it.`);

/** The process entry: real stdio, Ctrl+C stops the reading and cleans up. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const controller = new AbortController();
  // Ctrl+C, a `kill` and a closed terminal all stop the reading the same way: a partial file is removed.
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  // A reader that has had enough (`| head -1`) closes the pipe: that is an end, not a crash. Other
  // write errors (a full disk) are told by runCli in one sentence, with exit 1.
  const onOutputError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  };
  process.stdout.on('error', onOutputError);
  try {
    process.exitCode = await runCli(argv, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, signal: controller.signal }, {
      createVoice: () => createBuiltinVoice(),
      version: await readVersion(),
    });
  } finally {
    for (const s of signals) process.removeListener(s, onSignal);
  }
}

async function readVersion(): Promise<string> {
  // out/main/cli.js and electron/cli/main.ts are both two levels below the package root.
  try {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

// `aloud voices [--available] | install ID|FILE.onnx | remove ID`: the voices one can speak with, and
// the natural voices one can install (Piper's, and Kokoro's model variants), from the command line,
// through the same manager Settings uses. Exit codes as for the rest of
// the CLI: 0 done, 1 failed, 2 bad command line.
import { parseArgs } from 'node:util';
import { type Voice } from '../../shared/voice';
import { parseVoiceKey, voiceKey } from '../../shared/voice-key';
import type { DownloadLimits } from '../engine/bounded-fetch';
import { listInstalledVoices } from '../engine/installed-voices';
import { DEFAULT_KOKORO_SOURCE } from '../engine/kokoro-catalogue';
import { kokoroPack, kokoroVoiceList } from '../engine/kokoro-voices';
import { createNaturalVoiceManager } from '../engine/natural-voice-manager';
import { piperVoiceList, piperVoices } from '../engine/piper-voices';
import { CatalogueError, DEFAULT_CATALOGUE_URL, type AddressHints } from '../engine/piper-catalogue';
import { installVoiceFile, removeVoice, VoiceInstallError, type Alignment } from '../engine/voice-install';
import { messageOf } from '../../shared/ipc-error';

export interface VoicesIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  signal?: AbortSignal;
}

export interface VoicesDeps {
  /** The built-in voices (eSpeak NG), always there. */
  builtinVoices(signal?: AbortSignal): Promise<Voice[]>;
  /** <data>/voices. */
  folder: string;
  /** The catalogue's base URL when --catalogue does not give one ($ALOUD_VOICE_CATALOGUE); null: Piper's own. */
  catalogueUrl: string | null;
  /** Kokoro's repository when --kokoro-source does not give one ($ALOUD_KOKORO_SOURCE); null: Kokoro's own. */
  kokoroSource: string | null;
  /** Tighter download bounds than the defaults (tests). */
  limits?: Partial<DownloadLimits>;
}

/** Where the command line changes a catalogue's address: its options, not Settings. */
const CLI_HINTS: AddressHints = {
  piper: "give a mirror's address with --catalogue URL",
  kokoro: "give a copy of Kokoro's repository with --kokoro-source URL",
};

export const VOICES_HELP = `Usage:
  aloud voices [--json]                          the voices you can speak with now
  aloud voices --available [--language L] [--json]
                                                 natural voices (Piper, Kokoro) you can install
  aloud voices install ID                        download and install one (e.g. en_US-lessac-medium,
                                                 or kokoro-82m-q8: Kokoro and all its voices)
  aloud voices install FILE.onnx                 install a Piper voice downloaded by hand (its .onnx.json beside it)
  aloud voices remove ID                         remove an installed natural voice

Options: --catalogue URL       another Piper voices catalogue (a mirror's base URL); default:
                               $ALOUD_VOICE_CATALOGUE, else https://huggingface.co/rhasspy/piper-voices
         --kokoro-source URL   another copy of Kokoro's repository; default: $ALOUD_KOKORO_SOURCE, else
                               https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped
Installed natural voices speak offline: aloud say --voice piper/ID "text", aloud say --voice kokoro/af_heart "text".
`;

class Usage extends Error {}

function parse(args: readonly string[], options: Record<string, { type: 'string' | 'boolean'; short?: string }>, positionals: boolean) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: positionals, strict: true });
  } catch (err) {
    throw new Usage(`voices: ${messageOf(err).replace(/\. To specify a positional argument.*$/s, '').replace(/\.?$/, '.')}`);
  }
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]!.length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n') + '\n';
}

function alignmentNote(alignment: Alignment): string {
  return alignment.kind === 'exact' ? 'words are highlighted from the voice\'s own timings' : `word timings will be estimated (${alignment.reason})`;
}

export async function runVoicesCommand(args: readonly string[], io: VoicesIo, deps: VoicesDeps): Promise<number> {
  const err = (line: string) => void io.stderr.write(`${line}\n`);
  const [sub, ...rest] = args;
  try {
    if (sub === 'install' || sub === 'remove') {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.stdout.write(VOICES_HELP);
        return 0;
      }
      const { values, positionals } = parse(rest, { catalogue: { type: 'string' }, 'kokoro-source': { type: 'string' } }, true);
      if (positionals.length !== 1) throw new Usage(`voices ${sub} takes one voice id${sub === 'install' ? ' or .onnx file' : ''}.`);
      const target = positionals[0]!;
      if (sub === 'remove') return await remove(target, io, deps);
      return await install(target, manager(deps, values), io, deps);
    }
    const { values, positionals } = parse(
      args,
      { available: { type: 'boolean' }, language: { type: 'string' }, json: { type: 'boolean' }, catalogue: { type: 'string' }, 'kokoro-source': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      true,
    );
    if (values.help) {
      io.stdout.write(VOICES_HELP);
      return 0;
    }
    if (positionals.length > 0) throw new Usage(`unknown voices command '${positionals[0]}'.`);
    if (values.available) {
      const language = (values.language as string | undefined)?.toLowerCase().replace(/_/g, '-');
      // Offline, what is known still is: the lists as last fetched, and the voices installed.
      const catalogue = await manager(deps, values).catalogue(io.signal, { orKnown: true });
      if (catalogue.problem) err(`aloud: ${catalogue.problem}`);
      // A Kokoro pack speaks several languages; its own language is its first.
      const speaks = (v: (typeof catalogue.voices)[number]) =>
        !language || v.language.toLowerCase() === language || v.language.toLowerCase().startsWith(`${language}-`) || (v.family === 'kokoro' && v.languageName.toLowerCase().includes(language));
      const voices = catalogue.voices.filter(speaks);
      const speakers = (v: (typeof voices)[number]) => (v.family === 'kokoro' ? `${v.speakers} voices` : v.speakers > 1 ? `${v.speakers} speakers` : '1 speaker');
      if (values.json) io.stdout.write(`${JSON.stringify(voices, null, 2)}\n`);
      // Offline with nothing known, the problem's sentence has said all there is.
      else if (voices.length === 0) {
        if (values.language !== undefined) err(`No natural voice ${catalogue.problem ? 'known' : 'in the catalogue'} speaks '${values.language as string}'.`);
      }
      else io.stdout.write(table(voices.map((v) => [v.key, v.languageName, v.quality, speakers(v), megabytes(v.sizeBytes), v.installed ? 'installed' : ''])));
      return 0;
    }
    if (values.language !== undefined) throw new Usage('--language goes with --available.');
    const installed = listInstalledVoices(deps.folder);
    for (const p of installed.problems) err(`aloud: the natural voice ${p.key} cannot be used: ${p.problem}; remove it (aloud voices remove ${p.key}) and install it again.`);
    const voices = [...(await deps.builtinVoices(io.signal)), ...piperVoiceList(piperVoices(installed.voices)), ...kokoroVoiceList(kokoroPack(installed.voices))];
    io.stdout.write(values.json ? `${JSON.stringify(voices, null, 2)}\n` : table(voices.map((v) => [voiceKey(v), v.name, v.languages.join(', ')])));
    return 0;
  } catch (e) {
    if (e instanceof Usage) {
      err(`aloud: ${e.message}`);
      err('Run `aloud voices --help` for usage.');
      return 2;
    }
    if (io.signal?.aborted) return 130;
    if (e instanceof VoiceInstallError || e instanceof CatalogueError) {
      err(`aloud: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

/** The manager Settings uses, at the addresses the command line gives. */
function manager(deps: VoicesDeps, values: { catalogue?: unknown; 'kokoro-source'?: unknown }) {
  return createNaturalVoiceManager({
    folder: deps.folder,
    hints: CLI_HINTS,
    ...(deps.limits ? { limits: deps.limits } : {}),
    catalogueUrl: () => (values.catalogue as string | undefined) ?? deps.catalogueUrl ?? DEFAULT_CATALOGUE_URL,
    kokoroSource: () => (values['kokoro-source'] as string | undefined) ?? deps.kokoroSource ?? DEFAULT_KOKORO_SOURCE,
  });
}

async function install(target: string, voices: ReturnType<typeof manager>, io: VoicesIo, deps: VoicesDeps): Promise<number> {
  if (target.endsWith('.onnx')) {
    const result = await installVoiceFile(deps.folder, target);
    io.stdout.write(`Installed ${result.key}: ${alignmentNote(result.alignment)}. Speak with it: aloud say --voice piper/${result.key} "Hello"\n`);
    return 0;
  }
  const key = target.replace(/^(piper|kokoro)\//, '');
  // Only the source the voice comes from is asked: Kokoro's install names Kokoro's repository.
  const { voice, near } = await voices.lookup(key, io.signal);
  if (!voice) throw new Usage(`the catalogue has no voice '${key}'${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; list them with aloud voices --available.`);
  const tty = io.stderr.isTTY === true;
  let shown = -1;
  const result = await voices.install(key, {
    ...(io.signal ? { signal: io.signal } : {}),
    onProgress: ({ receivedBytes, totalBytes }) => {
      const percent = Math.floor((receivedBytes / totalBytes) * 100);
      // A terminal sees one line counting up; a log a line every tenth.
      if (tty ? percent === shown : Math.floor(percent / 10) === Math.floor(shown / 10)) return;
      shown = percent;
      io.stderr.write(`${tty ? '\r' : ''}Downloading ${key}: ${megabytes(receivedBytes)} of ${megabytes(totalBytes)} (${percent}%)${tty ? '' : '\n'}`);
    },
  });
  if (tty) io.stderr.write('\n');
  const speakWith = voice.family === 'kokoro' ? `kokoro/${kokoroPack(listInstalledVoices(deps.folder).voices)?.voices[0]?.name ?? 'af_heart'}` : `piper/${result.key}`;
  io.stdout.write(`Installed ${result.key}: ${alignmentNote(result.alignment)}. Speak with it: aloud say --voice ${speakWith} "Hello"\n`);
  return 0;
}

/**
 * `voices remove ID`: ID as `aloud voices` prints it (piper/KEY, piper/KEY#speaker, kokoro/NAME: the
 * pack that holds NAME) or as `voices install` takes it (KEY). What an unfinished download left goes too.
 */
async function remove(target: string, io: VoicesIo, deps: VoicesDeps): Promise<number> {
  const parsed = parseVoiceKey(target);
  if (parsed?.provider === 'builtin') throw new Usage(`${target} is built into Aloud and cannot be removed; \`aloud voices remove\` takes a natural voice.`);
  const installed = listInstalledVoices(deps.folder).voices;
  let key = target;
  let note = '';
  if (parsed?.provider === 'kokoro') {
    const pack = kokoroPack(installed);
    const named = pack?.voices.some((v) => v.name === parsed.id);
    if (!pack || !(named || pack.key === parsed.id)) throw new Usage(`no Kokoro voice '${parsed.id}' is installed (see \`aloud voices\`).`);
    key = pack.key;
    if (named) note = ` (the Kokoro pack with ${pack.voices.map((v) => v.name).join(', ')})`;
  } else if (parsed?.provider === 'piper') {
    key = parsed.id.replace(/#.*$/, '');
    const voice = piperVoices(installed).find((v) => v.key === key);
    if (parsed.id.includes('#') && voice) note = ` (all its speakers: ${[...voice.config.speakers.keys()].join(', ')})`;
  } else if (parsed) throw new Usage(`'${target}' is not a natural voice: \`aloud voices remove\` takes an id \`aloud voices\` lists under piper/ or kokoro/.`);
  const removed = await removeVoice(deps.folder, key);
  if (!removed.installed && removed.leftoverBytes === 0) throw new Usage(`no natural voice '${key}' is installed (see \`aloud voices\`).`);
  const left = `what an unfinished download of ${removed.installed ? 'it' : key} left (${megabytes(removed.leftoverBytes)})`;
  if (!removed.installed) io.stdout.write(`Removed ${left}; ${key} itself was not installed.\n`);
  else io.stdout.write(`Removed ${key}${note}${removed.leftoverBytes > 0 ? `, and ${left}` : ''}.\n`);
  return 0;
}

// `aloud history list|search|play|export|delete|pin|unpin`: the library from the command line.
// Exit codes as for the rest of the CLI: 0 done, 1 failed, 2 bad command line.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportReadings, type ExportFormat } from '../history/export/export-reading';
import { libraryPath } from '../history/library-path';
import { openLibraryForReading, whyUnwritable } from '../history/library-for-reading';
import { openLibrary, type LibraryStore } from '../history/library-store';
import { type ListFilter, type ReadingSummary, type SearchHit } from '../history/library-rows';
import { replayChunks } from '../history/replay';
import { fileErrorSentence } from '../service/file-errors';
import { parseVoiceKey } from '../../shared/voice-key';
import { OutputClosedError, streamSink, writeAll } from './pcm-sinks';

export interface HistoryIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  signal?: AbortSignal;
}

export interface HistoryDeps {
  /** The database file; defaults to the shared library path (ALOUD_DATA_DIR or the app's userData). */
  path?: string;
}

export const HISTORY_HELP = `Usage:
  aloud history list [filters] [--limit N] [--json]       newest first
  aloud history search WORDS [filters] [--limit N] [--json]
  aloud history play ID                                    raw PCM (s16le) on stdout, like aloud say
  aloud history export ID... --out DIR [--format F,...]    formats: wav, opus, srt, vtt, txt (default: all)
  aloud history delete ID | pin ID | unpin ID

Filters: --provider NAME, --voice ID (provider/voice, as aloud voices shows it), --since DATE, --until DATE (YYYY-MM-DD or any date JavaScript reads)
The library: $ALOUD_DATA_DIR/library.sqlite if set, else the app's data folder.
`;

class Usage extends Error {}

const filterOptions = {
  provider: { type: 'string' },
  voice: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function runHistoryCommand(args: readonly string[], io: HistoryIo, deps: HistoryDeps = {}): Promise<number> {
  const err = (line: string) => void io.stderr.write(`${line}\n`);
  const [sub, ...rest] = args;
  const path = deps.path ?? libraryPath();
  // `aloud history export --help` is a question, not a bad option.
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  try {
    if (wantsHelp) {
      io.stdout.write(HISTORY_HELP);
      return 0;
    }
    switch (sub) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(HISTORY_HELP);
        return sub === undefined ? 2 : 0;
      case 'list':
      case 'search': {
        const { values, positionals } = parse(rest, filterOptions, sub === 'search');
        const query = positionals.join(' ');
        if (sub === 'search' && !query.trim()) throw new Usage('search needs some words to look for.');
        if (!existsSync(path)) return print(io, [], values.json === true, sub === 'search');
        return await withLibrary(path, (lib) => {
          const filter = { ...toFilter(values), limit: toLimit(values.limit) };
          const rows = sub === 'search' ? lib.search(query, filter) : lib.list(filter);
          return print(io, rows, values.json === true, sub === 'search');
        });
      }
      case 'play': {
        const { positionals } = parse(rest, {}, true);
        if (positionals.length !== 1) throw new Usage('play takes one reading id.');
        if (io.stdout.isTTY) throw new Usage('refusing to write raw audio to the terminal: pipe it (| aplay -f S16_LE -r 22050 -c 1).');
        return await withLibrary(path, (lib) => play(lib, positionals[0]!, io));
      }
      case 'export': {
        const { values, positionals } = parse(rest, { out: { type: 'string', short: 'o' }, format: { type: 'string', short: 'f' } }, true);
        if (positionals.length === 0) throw new Usage('export needs at least one reading id.');
        if (!values.out) throw new Usage('export needs --out DIR.');
        const formats = toFormats(values.format);
        return await withLibrary(path, async (lib) => {
          for (const id of positionals) if (!lib.get(id)) throw new Usage(`no reading '${id}' in the library.`);
          const written = await exportReadings(lib, positionals, values.out!, formats);
          for (const p of written) io.stdout.write(`${p}\n`);
          return 0;
        });
      }
      case 'delete':
      case 'pin':
      case 'unpin': {
        const { positionals } = parse(rest, {}, true);
        if (positionals.length !== 1) throw new Usage(`${sub} takes one reading id.`);
        return await changingLibrary(path, (lib) => {
          const id = positionals[0]!;
          const ok = sub === 'delete' ? lib.delete(id) : lib.setPinned(id, sub === 'pin');
          if (!ok) throw new Usage(`no reading '${id}' in the library.`);
          return 0;
        });
      }
      default:
        throw new Usage(`unknown history command '${sub}'.`);
    }
  } catch (e) {
    if (e instanceof Usage || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`aloud history: ${(e as Error).message}`);
      err('Run `aloud history --help` for usage.');
      return 2;
    }
    if (e instanceof OutputClosedError) return 0;
    err(`aloud history: ${fileErrorSentence(e) ?? (e as Error).message ?? String(e)}`);
    return 1;
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parse<O extends OptionSpec>(args: readonly string[], options: O, allowPositionals: boolean) {
  return parseArgs({ args: [...args], options, allowPositionals, strict: true });
}

/** The library opened to read: saved readings stay readable on a read-only or full disk. */
async function withLibrary<T>(path: string, work: (lib: LibraryStore) => T | Promise<T>): Promise<T> {
  if (!existsSync(path)) throw new Error(`no library at ${path} yet: read something first (in the app, or with \`aloud say\`).`);
  const { library } = openLibraryForReading(path);
  try {
    return await work(library);
  } finally {
    library.close();
  }
}

/** The library opened to change it; a disk that will not take the change is said in one sentence. */
async function changingLibrary<T>(path: string, work: (lib: LibraryStore) => T): Promise<T> {
  if (!existsSync(path)) throw new Error(`no library at ${path} yet: read something first (in the app, or with \`aloud say\`).`);
  const cannot = (err: unknown) => {
    const why = whyUnwritable(path, err);
    return why === null ? err : new Error(`the library cannot be changed: ${why}.`);
  };
  let lib: LibraryStore;
  try {
    lib = openLibrary({ path });
  } catch (err) {
    throw cannot(err);
  }
  try {
    return work(lib);
  } catch (err) {
    throw err instanceof Usage ? err : cannot(err);
  } finally {
    lib.close();
  }
}

function toDate(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  // A bare date is a local calendar day, as a person means it.
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(value);
  const t = m ? new Date(+m[1]!, +m[2]! - 1, +m[3]!).getTime() : Date.parse(value);
  if (Number.isNaN(t)) throw new Usage(`--${name} '${value}' is not a date.`);
  return t;
}

function toFilter(values: { provider?: string; voice?: string; since?: string; until?: string }): ListFilter {
  const f: ListFilter = {};
  if (values.provider) f.provider = values.provider;
  if (values.voice) {
    // The provider/voice id every other command prints and takes (builtin/en-us), or a bare one (en-us).
    const key = parseVoiceKey(values.voice);
    if (key && values.provider && key.provider !== values.provider) throw new Usage(`--voice ${values.voice} is not a voice of --provider ${values.provider}.`);
    if (key) f.provider = key.provider;
    f.voice = key ? key.id : values.voice;
  }
  const from = toDate(values.since, 'since');
  if (from !== undefined) f.from = from;
  let to = toDate(values.until, 'until');
  // --until 2026-11-21 includes that whole day.
  if (to !== undefined && values.until && /^\d{4}-\d\d-\d\d$/.test(values.until)) to += 86_400_000;
  if (to !== undefined) f.to = to;
  return f;
}

function toLimit(value: string | undefined): number {
  if (value === undefined) return 20;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new Usage(`--limit must be a whole number from 1 to 10000.`);
  return n;
}

function toFormats(value: string | undefined): ExportFormat[] {
  if (!value) return [...EXPORT_FORMATS];
  return value.split(',').map((f) => {
    const name = f.trim().toLowerCase();
    // There is no MP3 encoder: 'opus' writes the library's Ogg Opus (or a provider's own MP3 as it came).
    if (name === 'mp3') throw new Usage(`there is no MP3 export: --format opus writes Ogg Opus (a reading that came as MP3 is written as it came).`);
    if (name === 'opus' || name === 'compressed') return 'compressed';
    if ((EXPORT_FORMATS as readonly string[]).includes(name)) return name as ExportFormat;
    throw new Usage(`unknown format '${f}' (wav, opus, srt, vtt, txt).`);
  });
}

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function formatDate(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function print(io: HistoryIo, rows: (ReadingSummary | SearchHit)[], json: boolean, search: boolean): number {
  if (json) {
    io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    io.stderr.write(search ? 'No readings match.\n' : 'The library is empty.\n');
    return 0;
  }
  for (const r of rows) {
    const flags = `${r.pinned ? '*' : ' '}${r.status === 'complete' ? ' ' : r.status[0]}`;
    const preview = r.preview.replace(/\s+/g, ' ').slice(0, 60);
    io.stdout.write(`${r.id}  ${formatDate(r.createdAt)}  ${formatDuration(r.durationMs).padStart(6)}  ${flags}  ${r.provider}/${r.voice}  ${preview}\n`);
    if (search && 'snippet' in r) io.stdout.write(`    ${r.snippet.replace(/\s+/g, ' ')}\n`);
  }
  return 0;
}

async function play(lib: LibraryStore, id: string, io: HistoryIo): Promise<number> {
  if (!lib.get(id)) throw new Usage(`no reading '${id}' in the library.`);
  const sink = streamSink(io.stdout);
  return writeAll(sink, async () => {
    for await (const chunk of replayChunks(lib, id, io.signal ? { signal: io.signal } : {})) {
      if (chunk.audio.kind !== 'pcm') throw new Error(`this reading holds ${chunk.audio.mime} audio; export it instead (aloud history export ${id} --out DIR).`);
      await sink.write(chunk.audio.samples, chunk.audio.sampleRate, chunk.audio.channels);
    }
    return io.signal?.aborted ? 'stopped' : 'finished';
  });
}

// The command line's grammar: what `aloud ...` asks for, or a UsageError saying what is wrong.
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { SPEED_MAX, SPEED_MIN } from '../../shared/speed';

export type CliCommand =
  /** `topic`: the help of one command (`aloud say --help`); the main help without it. */
  | { kind: 'help'; topic?: 'say' }
  | { kind: 'version' }
  | { kind: 'voices'; args: string[] }
  | { kind: 'history'; args: string[] }
  | {
      kind: 'say';
      /** The text, or null to read it from stdin (`aloud say -`). */
      text: string | null;
      /** A voice key (provider/id: builtin or piper), or a bare id meaning the built-in voice; null for the default. */
      voice: string | null;
      /** The Speed (0.5-4). */
      speed: number;
      /** A WAV file to write, or null for raw PCM on stdout. */
      out: string | null;
      /** Progress on stderr: forced on/off, or null to show it only when stderr is a terminal. */
      progress: boolean | null;
      /** Read input that looks like binary data all the same. */
      force: boolean;
      /** Save the reading in the library, as the app does (off with --no-history). */
      history: boolean;
      /** Read the text as written, without the rules that make it fit to hear (--verbatim). */
      verbatim: boolean;
      /** Print the text as it will be spoken, one segment a line, and synthesize nothing (--show-text). */
      showText: boolean;
      /** A file of pronunciation rules (Aloud's JSON or find=replace lines), or null for none (--rules). */
      rules: string | null;
    };

/** Bad input on the command line: exit code 2, with this message and a pointer to --help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { kind: 'help' };
  if (command === '--version' || command === '-V') return { kind: 'version' };
  switch (command) {
    case 'say':
      return parseSay(rest);
    case 'voices':
      return { kind: 'voices', args: rest };
    case 'history':
      return { kind: 'history', args: rest };
    default:
      throw new UsageError(command.startsWith('-') ? `Unknown option '${command}'.` : `Unknown command '${command}'.`);
  }
}

function parseSay(args: string[]): CliCommand {
  const { values, positionals } = parse(
    args,
    {
      voice: { type: 'string', short: 'v' },
      speed: { type: 'string', short: 's' },
      // The first name of --speed, still taken.
      rate: { type: 'string', short: 'r' },
      out: { type: 'string', short: 'o' },
      progress: { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      force: { type: 'boolean' },
      'no-history': { type: 'boolean' },
      verbatim: { type: 'boolean' },
      'show-text': { type: 'boolean' },
      rules: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
    'say',
  );
  if (values.help) return { kind: 'help', topic: 'say' };
  if (positionals.length === 0) throw new UsageError('say needs the text to read, or - to read it from stdin.');
  // Several words without quotes are one text, as `echo` would take them.
  const text = positionals.length === 1 && positionals[0] === '-' ? null : positionals.join(' ');
  if (text !== null && !text.trim()) throw new UsageError('The text to read is empty.');

  if (values.speed !== undefined && values.rate !== undefined) throw new UsageError('--speed and --rate are the same option: give it once.');
  const given = values.speed ?? values.rate;
  const flag = values.speed !== undefined ? '--speed' : '--rate';
  let speed = 1;
  if (given !== undefined) {
    const parsed = Number(given);
    if (given.trim() === '' || !(parsed >= SPEED_MIN && parsed <= SPEED_MAX)) throw new UsageError(`${flag} must be a number from ${SPEED_MIN} to ${SPEED_MAX} (1 is normal speed), not '${given}'.`);
    speed = parsed;
  }
  if (values.voice !== undefined && !values.voice.trim()) throw new UsageError('--voice needs a voice id (see `aloud voices`).');
  if (values.out !== undefined && !values.out.trim()) throw new UsageError('--out needs a file name.');
  // The file is WAV: a name that says MP3 (or anything else) would be a lie that players believe.
  const extension = values.out === undefined ? '' : extname(values.out);
  if (extension && extension.toLowerCase() !== '.wav') throw new UsageError(`--out writes WAV audio: give a name ending in .wav, not ${extension}.`);
  if (values.rules !== undefined && !values.rules.trim()) throw new UsageError('--rules needs a file of pronunciation rules.');
  if (values.progress && values['no-progress']) throw new UsageError('--progress and --no-progress contradict each other.');
  return {
    kind: 'say',
    text,
    voice: values.voice ?? null,
    speed,
    out: values.out ?? null,
    progress: values.progress ? true : values['no-progress'] ? false : null,
    force: values.force === true,
    history: values['no-history'] !== true,
    verbatim: values.verbatim === true,
    showText: values['show-text'] === true,
    rules: values.rules ?? null,
  };
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(args: string[], options: O, allowPositionals: boolean, command: string) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    // Node's messages are clear ("Unknown option '--x'", "Option '--out <value>' argument missing");
    // they only need to say which command they are about.
    const message = err instanceof Error ? err.message.replace(/\. To specify a positional argument.*$/s, '') : String(err);
    throw new UsageError(`${command}: ${message.replace(/\.?$/, '.')}`);
  }
}

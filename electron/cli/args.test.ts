import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from './args';

describe('parseCliArgs', () => {
  it('reads say with its options, joining unquoted words into one text', () => {
    expect(parseCliArgs(['say', 'Hello', 'there', '--voice', 'builtin/de', '-r', '1.5', '--out', 'x.wav', '--progress'])).toEqual({
      kind: 'say',
      text: 'Hello there',
      voice: 'builtin/de',
      speed: 1.5,
      out: 'x.wav',
      progress: true,
      force: false,
      history: true,
      verbatim: false,
      showText: false,
      rules: null,
    });
    expect(parseCliArgs(['say', 'Hi.'])).toEqual({ kind: 'say', text: 'Hi.', voice: null, speed: 1, out: null, progress: null, force: false, history: true, verbatim: false, showText: false, rules: null });
    expect(parseCliArgs(['say', 'Hi.', '--no-progress'])).toMatchObject({ progress: false });
    expect(parseCliArgs(['say', 'Hi.', '--speed', '2'])).toMatchObject({ speed: 2 });
    expect(parseCliArgs(['say', '-', '--force'])).toMatchObject({ force: true });
    expect(parseCliArgs(['say', 'Hi.', '--no-history'])).toMatchObject({ history: false });
    expect(parseCliArgs(['say', 'Hi.', '--show-text', '--verbatim'])).toMatchObject({ showText: true, verbatim: true });
    expect(parseCliArgs(['say', 'Hi.', '--rules', 'mine.txt'])).toMatchObject({ rules: 'mine.txt' });
    expect(() => parseCliArgs(['say', 'Hi.', '--rules', ' '])).toThrow('--rules needs a file of pronunciation rules.');
    expect(parseCliArgs(['say', 'Hi.'])).toMatchObject({ showText: false, verbatim: false });
    expect(() => parseCliArgs(['say', 'Hi.', '--speed', '2', '--rate', '2'])).toThrow(/the same option/);
  });

  it('takes - as the text from stdin', () => {
    expect(parseCliArgs(['say', '-'])).toMatchObject({ kind: 'say', text: null });
    expect(parseCliArgs(['say', '--', '-v'])).toMatchObject({ kind: 'say', text: '-v' });
  });

  it('knows voices, history, help and version', () => {
    // The voices command parses its own arguments (voices-command.ts).
    expect(parseCliArgs(['voices'])).toEqual({ kind: 'voices', args: [] });
    expect(parseCliArgs(['voices', 'install', 'en_US-lessac-medium'])).toEqual({ kind: 'voices', args: ['install', 'en_US-lessac-medium'] });
    expect(parseCliArgs(['history', 'search', 'fox'])).toEqual({ kind: 'history', args: ['search', 'fox'] });
    for (const h of [[], ['--help'], ['-h'], ['help']]) expect(parseCliArgs(h)).toEqual({ kind: 'help' });
    for (const h of [['say', '--help'], ['say', '-h'], ['say', 'some text', '--help']]) expect(parseCliArgs(h)).toEqual({ kind: 'help', topic: 'say' });
    expect(parseCliArgs(['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['speak', 'hi'], /Unknown command 'speak'/],
    [['--loud'], /Unknown option '--loud'/],
    [['say'], /needs the text/],
    [['say', '  '], /empty/],
    [['say', 'hi', '--bogus'], /say: Unknown option '--bogus'/],
    [['say', 'hi', '--rate'], /say: Option '-r, --rate <value>' argument missing/],
    [['say', 'hi', '--rate', 'fast'], /--rate must be a number from 0.5 to 4.*'fast'/],
    [['say', 'hi', '--rate', '9'], /--rate must be a number from 0.5 to 4/],
    [['say', 'hi', '--rate', ''], /--rate must be a number/],
    [['say', 'hi', '--speed', '0.2'], /--speed must be a number from 0.5 to 4/],
    [['say', 'hi', '--voice', ''], /--voice needs a voice id/],
    [['say', 'hi', '--out', ' '], /--out needs a file name/],
    [['say', 'hi', '--progress', '--no-progress'], /contradict/],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

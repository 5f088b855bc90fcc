// Bad input through the two doors a person uses: the hotkey (the selection, through the tray's
// actions) and the command line (`aloud say -`, in process). Each text is either refused in one
// sentence or read (its first audio arrives, then it is stopped); nothing throws, nothing hangs, and
// the app's event loop (the hotkey's door) never stalls past the limit while the text is taken in.
import { readFileSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { createBuiltinVoice, DEFAULT_BUILTIN_VOICE } from '../../electron/engine/builtin-voice';
import { runCli } from '../../electron/cli/main';
import { check, newReport, tryCase, until, type FamilyReport, type StressOptions } from './report';
import { startedIds, startRig } from './rig';

type Expect = 'refused' | 'reads' | 'either';

interface BadText {
  name: string;
  text: string;
  hotkey: Expect;
  cli: Expect;
  /** No voice speaks it: the reading must say so (and go on with the reading voice). */
  unspoken?: true;
}

function badTexts(scale: StressOptions['scale']): BadText[] {
  const big = 'The quick brown fox jumps over the lazy dog. '.repeat(Math.ceil((scale === 'full' ? 5_000_000 : 1_000_000) / 45));
  const binary = readFileSync('/bin/ls').subarray(0, scale === 'full' ? 400_000 : 100_000).toString('utf8');
  return [
    { name: 'empty', text: '', hotkey: 'refused', cli: 'refused' },
    { name: 'white space only', text: ' \n\t\u00a0\u3000 ', hotkey: 'refused', cli: 'refused' },
    { name: 'zero-width spaces and marks', text: '\u200b\u200c\u200d\ufeff\u200e'.repeat(50), hotkey: 'refused', cli: 'refused' },
    { name: `${(big.length / 1e6).toFixed(0)} MB of prose`, text: big, hotkey: 'reads', cli: 'either' },
    // The command line refuses what looks binary unless --force; the hotkey reads a selection as given.
    { name: 'a program (/bin/ls) as text', text: binary, hotkey: 'either', cli: 'refused' },
    { name: 'invalid UTF-16 (lone surrogates)', text: 'Broken \ud800 text \udfff with halves \ud83d of emoji.', hotkey: 'reads', cli: 'reads' },
    { name: 'a 200 KB line with no spaces', text: 'x'.repeat(100_000) + 'https://example.com/' + 'a1'.repeat(50_000), hotkey: 'reads', cli: 'reads' },
    { name: 'right-to-left and mixed direction', text: 'שלום עולם. مرحبا بالعالم. Hello \u202ethere\u202c, mixed מילים and words.', hotkey: 'reads', cli: 'reads' },
    { name: 'emoji sequences', text: '👩‍👩‍👧‍👦 🇫🇷 👍🏽 ❤️‍🔥 🧑🏿‍🚀 and some words between 🎉🎉🎉', hotkey: 'reads', cli: 'reads' },
    // Amharic is one the built-in voice speaks; Tibetan, none.
    { name: 'Ge’ez script (Amharic)', text: 'ሰላም ለዓለም። እንደምን አደርክ?', hotkey: 'either', cli: 'either' },
    { name: 'a script no voice speaks (Tibetan)', text: 'བཀྲ་ཤིས་བདེ་ལེགས། ང་བོད་པ་ཡིན།', hotkey: 'reads', cli: 'either', unspoken: true },
    { name: 'terminal escapes', text: '\x1b[31mred\x1b[0m and \x1b]0;title\x07 plain words', hotkey: 'reads', cli: 'reads' },
    { name: 'control characters', text: 'a\x00b\x01c\x02 words \x7f with NULs', hotkey: 'reads', cli: 'either' },
  ];
}

export async function badInput(opts: StressOptions): Promise<FamilyReport> {
  const report = newReport('bad-input');
  // 50 ms at most, for every text: a reading of megabytes has its text written by the library's writer
  // thread, a line with no white space is cleaned 16 K at a time. Inside npm test, beside other tests
  // on two cores, only a stall of a second (a whole-text pass gone wrong) fails; the figure is printed either way.
  const stallLimitFor = (_text: string) => (opts.scale === 'short' ? 1000 : 50);
  const voice = createBuiltinVoice();
  await voice.warmUp();
  const rig = startRig({ builtin: voice, builtinVoice: DEFAULT_BUILTIN_VOICE });
  let worstStall = 0;
  let worstCase = '';
  const noteStall = (name: string) => {
    if (rig.maxStallMs() > worstStall) [worstStall, worstCase] = [rig.maxStallMs(), name];
  };
  try {
    for (const bad of badTexts(opts.scale)) {
      await tryCase(report, `hotkey, ${bad.name}`, async () => {
        const before = startedIds(rig).length;
        const notesBefore = rig.notes.length;
        rig.selection.text = bad.text;
        rig.resetStall();
        await rig.actions.readSelection();
        const started = startedIds(rig).slice(before);
        const refused = started.length === 0;
        check(!(bad.hotkey === 'refused' && !refused), `was read, but should be refused`);
        check(!(bad.hotkey === 'reads' && refused), `was refused (${rig.notes.slice(notesBefore).join(' ')}), but should be read`);
        if (refused) {
          check(rig.notes.length > notesBefore, 'was refused without a word to the user');
          check(/[A-Z].*\.$/.test(rig.notes.at(-1)!), `the message is not a sentence: ${rig.notes.at(-1)}`);
        } else {
          const id = started[0]!;
          if (bad.unspoken) {
            const event = rig.events.find((e) => e.channel === 'reading:started' && e.payload.readingId === id)!;
            check(event.payload.unspoken === true, 'the reader was not told that no voice speaks the language');
          }
          await until(() => (rig.chunks.get(id)?.length ?? 0) > 0 || rig.ended(id) !== undefined, 60_000, 'the first audio');
          await rig.actions.stop();
          await until(() => rig.ended(id) !== undefined, 30_000, 'the reading to end');
          check(rig.ended(id) !== 'error', 'the reading ended in an error');
        }
        noteStall(`hotkey, ${bad.name}`);
        check(rig.maxStallMs() <= stallLimitFor(bad.text), `the event loop stalled ${rig.maxStallMs().toFixed(0)} ms (limit ${stallLimitFor(bad.text)} ms)`);
      });

    }
    // The command line is a process of its own: its cases run after the hotkey's, so they do not
    // weigh on the app's event loop measured above.
    for (const bad of badTexts(opts.scale)) {
      await tryCase(report, `command line, ${bad.name}`, async () => {
        const stdin = new PassThrough();
        stdin.end(Buffer.from(bad.text, 'utf8'));
        const controller = new AbortController();
        let audioBytes = 0;
        const stdout = new Writable({
          write(chunk: Buffer, _enc, done) {
            audioBytes += chunk.length;
            // A second of audio is proof enough that it reads: stop there, as Ctrl+C would.
            if (audioBytes > 44_100) controller.abort();
            done();
          },
        });
        let stderr = '';
        const errOut = new Writable({ write: (c: Buffer, _e, done) => ((stderr += c.toString()), done()) });
        const code = await runCli(['say', '-', '--no-progress'], { stdin, stdout, stderr: errOut, signal: controller.signal }, { createVoice: () => createBuiltinVoice(), version: 'stress' });
        const refused = code === 2;
        check(code === 0 || code === 2 || code === 130, `exit code ${code}: ${stderr.trim()}`);
        check(!(bad.cli === 'refused' && !refused), `was read (exit ${code}), but should be refused`);
        check(!(bad.cli === 'reads' && refused), `was refused (${stderr.trim()}), but should be read`);
        if (refused) check(/^aloud: .+/.test(stderr) && !/\n\s+at /.test(stderr), `no clear message: ${stderr}`);
        else check(audioBytes > 0 || code === 0, 'read without a byte of audio');
      });
    }
  } finally {
    await rig.close();
    await voice.close();
  }
  report.figures['longest main-process stall'] = `${worstStall.toFixed(0)} ms (${worstCase})`;
  return report;
}

// Hostile pronunciation rules through the command line's --rules (issue 26, cases 3 and 4): regular
// expressions that backtrack without end (nested quantifiers, alternations that overlap, made from a
// seed), rules whose output grows the text a hundredfold, a file of more rules than allowed, a rule of
// megabytes, a file that is not rules at all. Each must end within its bound (else it is hung) with
// the text read or one sentence on stderr, never a stack trace.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { runCli } from '../../electron/cli/main';
import { createBuiltinVoice } from '../../electron/engine/builtin-voice';
import { plainRule, rulesToJson, type PronunciationRule } from '../../shared/pronunciation';
import { check, newReport, seededRandom, tryCase, type FamilyReport, type StressOptions } from './report';

const regex = (find: string, replace = 'x'): PronunciationRule => ({ find, replace, regex: true, wholeWord: false, matchCase: false, language: null, voice: null });

/** Patterns that backtrack without end on a run of their letter followed by something else. */
function backtrackingPatterns(random: () => number, count: number): string[] {
  const shapes = [(c: string) => `(${c}+)+$`, (c: string) => `(${c}*)*!`, (c: string) => `(${c}|${c}${c})+$`, (c: string) => `((${c}+)+)+y`, (c: string) => `(${c}|${c}?)+$`, (c: string) => `(?:${c}+|${c})+z$`];
  const letters = 'aeiost';
  return Array.from({ length: count }, () => shapes[Math.floor(random() * shapes.length)]!(letters[Math.floor(random() * letters.length)]!));
}

export async function hostileRules(opts: StressOptions): Promise<FamilyReport> {
  const report = newReport('hostile-rules');
  const random = seededRandom(opts.seed);
  const dir = mkdtempSync(join(tmpdir(), 'aloud-stress-rules-'));
  // A case past this is hung: the text is short, so reading or refusing it takes well under a second
  // on an idle machine.
  const hungAfterMs = 60_000;
  let hung = 0;
  let slowest = 0;
  const text = `${'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'} seesaw tsetse ${'ooooooooooooooooooooooooooooooo'}! An ordinary sentence follows.`;
  const cases: { name: string; rules: string }[] = [
    ...backtrackingPatterns(random, opts.scale === 'full' ? 30 : 4).map((p) => ({ name: `the regular expression ${p}`, rules: rulesToJson([regex(p)]) })),
    { name: '“a” replaced by 500 characters', rules: rulesToJson([plainRule('a', 'b'.repeat(500))]) },
    { name: 'a chain of rules each doubling the text', rules: rulesToJson(Array.from({ length: 12 }, (_, i) => regex(String.fromCharCode(97 + i), `${String.fromCharCode(98 + i)}${String.fromCharCode(98 + i)}`))) },
    { name: '1,001 rules', rules: rulesToJson(Array.from({ length: 1001 }, (_, i) => plainRule(`word${i}`, `w${i}`))) },
    { name: 'a rule of 2 MB', rules: `${'q'.repeat(2_000_000)}=r\n` },
    { name: 'a file that is not rules', rules: '\u0000\u0001binary\u00ff'.repeat(1000) },
  ];
  for (const c of cases) {
    await tryCase(report, c.name, async () => {
      const file = join(dir, `rules-${report.tried}.json`);
      writeFileSync(file, c.rules);
      const stdin = new PassThrough();
      stdin.end(text);
      let stderr = '';
      const out = new Writable({ write: (_c, _e, done) => done() });
      const err = new Writable({ write: (chunk: Buffer, _e, done) => ((stderr += chunk.toString()), done()) });
      const controller = new AbortController();
      const started = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const outcome = await Promise.race([
        runCli(['say', '-', '--rules', file, '--show-text', '--no-progress'], { stdin, stdout: out, stderr: err, signal: controller.signal }, { createVoice: () => createBuiltinVoice(), version: 'stress' }),
        new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), hungAfterMs))),
      ]);
      clearTimeout(timer);
      slowest = Math.max(slowest, performance.now() - started);
      if (outcome === 'hung') {
        hung++;
        controller.abort();
        throw new Error(`hung: no answer after ${hungAfterMs / 1000} s`);
      }
      check(outcome === 0 || outcome === 2, `exit code ${outcome}: ${stderr.trim()}`);
      if (outcome === 2) check(/^aloud: [^\n]+\.\n?$/u.test(stderr.split('\n').filter(Boolean).map((l) => `${l}\n`)[0] ?? '') && !/\n\s+at /.test(stderr), `not a sentence: ${stderr.slice(0, 300)}`);
    });
  }
  report.figures.hung = String(hung);
  report.figures['slowest case'] = `${slowest.toFixed(0)} ms`;
  return report;
}

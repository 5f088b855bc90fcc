// Language detection: the detector Aloud ships (ELD, its small database, in a worker thread: the one
// the app asks) beside the other maintained JavaScript detectors (ELD's large database, tinyld, franc) on
// held-out snippets, 10 in each of 20 languages (test/fixtures/language-snippets.json): how many each got
// right, and its time per snippet, in this process, as a table; then the worker's round trip.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { franc } from 'franc';
import { detect as tinyld } from 'tinyld';
import { createLanguageDetection } from '../../electron/engine/language-detection';
import { report, reportRatio } from './format';

const snippets = (JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/language-snippets.json'), 'utf8')) as { snippets: Record<string, string[]> }).snippets;

/** franc answers ISO 639-3 codes, some for a macrolanguage's member. */
const ISO3: Record<string, string> = { eng: 'en', fra: 'fr', deu: 'de', spa: 'es', ita: 'it', por: 'pt', nld: 'nl', swe: 'sv', pol: 'pl', ces: 'cs', rus: 'ru', ukr: 'uk', tur: 'tr', arb: 'ar', hin: 'hi', cmn: 'zh', jpn: 'ja', kor: 'ko', ell: 'el', fin: 'fi' };

export default async function bench(): Promise<void> {
  const { eld: small } = await import('eld/small');
  const { eld: large } = await import('eld/large');
  const detectors: [string, (text: string) => string][] = [
    ['ELD, small database (shipped)', (t) => small.detect(t).language],
    ['ELD, large database', (t) => large.detect(t).language],
    ['tinyld', (t) => tinyld(t)],
    ['franc', (t) => ISO3[franc(t)] ?? franc(t)],
  ];
  const all = Object.entries(snippets).flatMap(([language, list]) => list.map((text) => ({ language, text })));
  const rows: { name: string; right: number; us: number; wrong: string[] }[] = [];
  for (const [name, detect] of detectors) {
    for (const { text } of all) detect(text); // warm up
    const wrong = all.filter(({ language, text }) => detect(text) !== language).map(({ language, text }) => `${language}→${detect(text) || '?'}`);
    const t0 = performance.now();
    const rounds = 10;
    for (let r = 0; r < rounds; r++) for (const { text } of all) detect(text);
    rows.push({ name, right: all.length - wrong.length, us: ((performance.now() - t0) / (rounds * all.length)) * 1000, wrong });
  }
  const shipped = rows[0]!;
  console.log(`| detector | right of ${all.length} | µs per snippet | wrong |`);
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.right} | ${r.us.toFixed(1)} | ${r.wrong.slice(0, 8).join(' ') || '-'}${r.wrong.length > 8 ? ' ...' : ''} |`);
  for (const r of rows.slice(1)) {
    reportRatio(`${r.name}: snippets right`, r.right, '', 'ELD small', shipped.right);
    reportRatio(`${r.name}: time per snippet`, r.us, 'µs', 'ELD small', shipped.us);
  }

  // As the app asks: through the worker thread (a first question pays for loading the database there).
  const detector = createLanguageDetection();
  try {
    let t0 = performance.now();
    await detector.detect(all[0]!.text);
    const first = performance.now() - t0;
    t0 = performance.now();
    for (const { text } of all) await detector.detect(text);
    const each = (performance.now() - t0) / all.length;
    report('worker: first question (loads the database off the main thread)', first, 'ms');
    reportRatio('worker: each question after', each * 1000, 'µs', 'ELD small in this process', shipped.us);
  } finally {
    await detector.close();
  }
}

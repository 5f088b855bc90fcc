// Captions show the text as written with the spoken words' times. Readings are spoken by the real
// built-in voice through the real text pipeline (links read as "link to github.com", the app's default
// rules), saved to the library, exported, and read back by ffmpeg's SRT and WebVTT parsers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WordTiming } from '../../../shared/chunk';
import { DEFAULT_HEARING_RULES } from '../../../shared/hearing-rules';
import { createBuiltinVoice, type BuiltinVoice } from '../../engine/builtin-voice';
import { startReading } from '../../speech/reading';
import { openLibrary, type LibraryStore } from '../library-store';
import { startRecording } from '../recorder';
import { buildCues, toSrt, toVtt } from './captions';
import { exportReading } from './export-reading';
import { writtenWords, type SpokenWord } from './written-words';

const LONG_SENTENCE = 'When a sentence runs on for much longer than one caption could hold, it is cut after the comma, and never inside a word.';
const TEXTS = {
  en: {
    voice: 'en-us',
    lang: 'en',
    text: `See https://github.com/example/repo for details. Mail jane.doe@example.org today, or call 555-1234! It costs 1,234,567 dollars (about 3.5% more) — "quoted", she said. ${LONG_SENTENCE}`,
  },
  ar: { voice: 'ar', lang: 'ar', text: 'مرحبا بالعالم، كيف حالك؟ أنا بخير. شكرا لك!' },
  he: { voice: 'he', lang: 'he', text: 'שלום עולם, מה שלומך? אני בסדר. תודה רבה!' },
  zh: { voice: 'cmn', lang: 'zh', text: '你好，世界。今天天气很好！我们去公园吧。' },
  list: { voice: 'en-us', lang: 'en', text: 'Shopping:\n- milk\n- eggs\n* bread\n• jam and honey\n\nThat is all.' },
};
type Name = keyof typeof TEXTS;

let dir: string;
let voice: BuiltinVoice;
let lib: LibraryStore;
const spoken = new Map<Name, WordTiming[]>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aloud-captions-'));
  lib = openLibrary({ path: ':memory:' });
  voice = createBuiltinVoice();
  for (const [name, { voice: v, text }] of Object.entries(TEXTS) as [Name, { voice: string; lang: string; text: string }][]) {
    const reading = startReading({ readingId: name, text, synthesizer: voice, voice: v, synthRate: 1, lookahead: Infinity, hearing: DEFAULT_HEARING_RULES });
    const rec = startRecording(lib, { id: name, text, provider: 'builtin', voice: v, synthRate: 1 });
    const words: WordTiming[] = [];
    for await (const c of reading.chunks()) {
      rec.add(c);
      words.push(...c.words);
    }
    await rec.finish('complete');
    spoken.set(name, words);
  }
});
afterAll(async () => {
  await voice.close();
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ParsedCue {
  startMs: number;
  endMs: number;
  lines: string[];
}

/** What ffmpeg's parser makes of a caption file (as SRT, which it writes plainly): it must say nothing. */
function ffmpegCues(path: string): ParsedCue[] {
  const run = spawnSync('ffmpeg', ['-v', 'warning', '-i', path, '-f', 'srt', '-'], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const t = (h: string, m: string, s: string, ms: string) => +h * 3_600_000 + +m * 60_000 + +s * 1000 + +ms;
  // ffmpeg ends a cue's inner lines with CR LF.
  return run.stdout
    .replaceAll('\r\n', '\n')
    .split(/\n\n(?=\d+\n)/u)
    .filter((b) => b.trim())
    .map((block) => {
      const lines = block.replace(/\n+$/u, '').split('\n');
      const m = /^(\d+):(\d\d):(\d\d),(\d{3}) --> (\d+):(\d\d):(\d\d),(\d{3})$/u.exec(lines[1]!)!;
      expect(m, lines[1]).not.toBeNull();
      return { startMs: t(m[1]!, m[2]!, m[3]!, m[4]!), endMs: t(m[5]!, m[6]!, m[7]!, m[8]!), lines: lines.slice(2).map((l) => l.replaceAll('\u2060', '')) };
    });
}

async function exported(name: Name, format: 'srt' | 'vtt'): Promise<ParsedCue[]> {
  const path = join(dir, `${name}.${format}`);
  writeFileSync(path, (await exportReading(lib, name, format)).bytes);
  return ffmpegCues(path);
}

const squeeze = (s: string) => s.replace(/\s+/gu, '');
const collapse = (s: string) => s.replace(/\s+/gu, ' ').trim();

describe.each(['srt', 'vtt'] as const)('%s export, read back by ffmpeg', (format) => {
  it.each(['en', 'ar', 'he', 'zh'] as const)('shows the %s text as written, every character and mark in order', async (name) => {
    const cues = await exported(name, format);
    expect(cues.length).toBeGreaterThan(1);
    expect(cues.map((c) => squeeze(c.lines.join(''))).join('')).toBe(squeeze(TEXTS[name].text));
    // Each line is a run of the text as written, spaces and all.
    for (const c of cues) for (const line of c.lines) expect(collapse(TEXTS[name].text)).toContain(line);
  });

  it('keeps a link, an address and a number whole, on one line', async () => {
    const lines = (await exported('en', format)).flatMap((c) => c.lines);
    for (const whole of ['https://github.com/example/repo', 'jane.doe@example.org', '555-1234!', '1,234,567', '3.5%']) {
      expect(lines.some((l) => l.split(' ').some((w) => w.includes(whole)))).toBe(true);
    }
  });

  it.each(Object.keys(TEXTS) as Name[])('times the %s cues by the words spoken: in order, never overlapping, never empty', async (name) => {
    const cues = await exported(name, format);
    const words = spoken.get(name)!;
    const near = (ms: number, times: number[]) => times.some((t) => Math.abs(t - ms) <= 1);
    cues.forEach((c, k) => {
      expect(c.endMs).toBeGreaterThan(c.startMs);
      if (k > 0) expect(c.startMs).toBeGreaterThanOrEqual(cues[k - 1]!.endMs);
      expect(near(c.startMs, words.map((w) => w.startMs))).toBe(true);
      expect(near(c.endMs, [...words.map((w) => w.endMs), ...cues.map((x) => x.startMs)])).toBe(true);
      expect(c.endMs - c.startMs).toBeLessThanOrEqual(6000);
    });
  });

  it.each(Object.keys(TEXTS) as Name[])('lays the %s cues out in at most two lines of 42 characters, a sentence never running into the next', async (name) => {
    const segmenter = new Intl.Segmenter(TEXTS[name].lang, { granularity: 'sentence' });
    for (const c of await exported(name, format)) {
      expect(c.lines.length).toBeGreaterThanOrEqual(1);
      expect(c.lines.length).toBeLessThanOrEqual(2);
      for (const line of c.lines) expect(line.length <= 42 || !line.includes(' ')).toBe(true);
      expect([...segmenter.segment(c.lines.join(' '))]).toHaveLength(1);
    }
  });

  it('cuts a sentence too long for one cue after its clause mark', async () => {
    const cues = (await exported('en', format)).map((c) => c.lines.join(' '));
    const first = cues.findIndex((c) => c.startsWith('When a sentence'));
    expect(cues[first]).toMatch(/hold,$/u);
    expect(cues.slice(first).join(' ')).toBe(LONG_SENTENCE);
  });

  it('shows a list item by item, without its bullets', async () => {
    const cues = (await exported('list', format)).map((c) => c.lines.join(' '));
    expect(cues).toEqual(['Shopping:', 'milk', 'eggs', 'bread', 'jam and honey', 'That is all.']);
  });
});

describe('cues from any words', () => {
  const word = (text: string, charStart: number, charEnd: number, startMs: number, endMs: number, segment = 0): SpokenWord => ({ text, charStart, charEnd, startMs, endMs, segment });

  it('keeps text that looks like markup or a cue time as text in both formats', () => {
    const text = 'Type <b>bold</b> & a --> b {\\an8} 00:00:01,000 --> 00:00:02,000 now.';
    const words = [...text.matchAll(/\S+/gu)].map((m, i) => word(m[0], m.index, m.index + m[0].length, i * 100, i * 100 + 90));
    const cues = buildCues(writtenWords(text, words));
    for (const [format, file] of [['srt', toSrt(cues)], ['vtt', toVtt(cues)]] as const) {
      const path = join(dir, `markup.${format}`);
      writeFileSync(path, file);
      const back = ffmpegCues(path);
      // ffmpeg writes SRT out of its own ASS form, where "{\\" is an override it escapes with a backslash.
      expect(squeeze(back.flatMap((c) => c.lines).join('')).replaceAll('\\{', '{').replaceAll('\\}', '}')).toBe(squeeze(text));
    }
  });

  it('gives words that start together, or have no duration, cues that still follow one another', () => {
    const text = 'One. Two. Three. Four.';
    const words = [word('One', 0, 3, 500, 500), word('Two', 5, 8, 500, 500), word('Three', 10, 15, 500.2, 500.4), word('Four', 17, 21, 499, 400)];
    const cues = buildCues(writtenWords(text, words));
    expect(cues.map((c) => c.text)).toEqual(['Four.', 'One.', 'Two.', 'Three.']);
    cues.forEach((c, k) => {
      expect(c.endMs).toBeGreaterThan(c.startMs);
      if (k > 0) expect(c.startMs).toBeGreaterThanOrEqual(cues[k - 1]!.endMs);
    });
  });

  it('shows a word whose offsets do not point into the text by its own spelling, and drops control characters', () => {
    const text = 'Bell\u0007 rings.';
    const cues = buildCues(writtenWords(text, [word('Bell', 0, 5, 0, 200), word('rings', 99, 120, 200, 400), word('', 7, 7, 400, 400)]));
    expect(cues.map((c) => c.text)).toEqual(['Bell rings']);
  });

  it('splits a written word longer than two lines where its spoken words meet, and stays fast on a huge text', () => {
    const url = `https://example.com/${'a'.repeat(200)}`;
    const cues = buildCues(writtenWords(url, [word('link', 0, 60, 0, 100), word('to', 60, 120, 100, 200), word('example.com', 120, url.length, 200, 300)]));
    expect(cues.map((c) => c.text.replaceAll('\n', '')).join('')).toBe(url);

    const huge = 'word '.repeat(200_000);
    const many = [...huge.matchAll(/\S+/gu)].map((m, i) => word(m[0], m.index, m.index + 4, i * 50, i * 50 + 40));
    // A million characters in cues of whole sentences' worth: linear work, or the suite's limit ends it.
    const all = buildCues(writtenWords(huge, many));
    expect(all.length).toBeGreaterThan(200_000 / 20);
    expect(all.every((c) => c.text.split('\n').every((l) => l.length <= 42))).toBe(true);
  });
});

it('shows at most 1000 characters of a spoken word whose offsets cover a whole page', () => {
  const page = 'x'.repeat(50_000);
  const cues = buildCues(writtenWords(page, [{ text: 'x', charStart: 0, charEnd: page.length, startMs: 0, endMs: 500, segment: 0 }]));
  expect(cues).toHaveLength(1);
  expect(cues[0]!.text).toBe(`${'x'.repeat(1000)}…`);
});

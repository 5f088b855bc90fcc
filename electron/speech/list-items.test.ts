import { DEFAULT_HEARING_RULES } from '../../shared/hearing-rules';
import { createBuiltinVoice } from '../engine/builtin-voice';
import { findListItems } from './list-items';
import { ITEM_PAUSE_MS, startReading } from './reading';
import { segmentText } from './segment-text';

const LIST = 'Shopping:\n- milk\n- eggs\n* bread\n  • jam and honey\n+ tea\n\nSteps:\n1. Preheat the oven.\n2) Stir\n2. Bake it\n3. Eat';
const items = (text: string) => {
  const found = findListItems(text);
  return Array.from(found.markerStarts, (m, k) => text.slice(m, found.textStarts[k]));
};

describe('list items', () => {
  it('finds bulleted lines and numbered lines that count on', () => {
    expect(items(LIST)).toEqual(['- ', '- ', '* ', '• ', '+ ', '1. ', '2. ', '3. ']);
  });

  it('takes no hyphen, asterisk or number inside a line, nor a line that only starts with a number', () => {
    expect(items('Minus 5 is -5 degrees\n*emphasis* here, a - b\nShe was born on 3 May\n12. He left home.\n1984. A year.')).toEqual([]);
    expect(items('One item\n1) only\nand text')).toEqual([]);
  });
});

describe('lists read as a person reads them', () => {
  it('makes each item a sentence of its own, without its bullet or number, each pointing at its own words', () => {
    const segments = segmentText(LIST, { maxChars: 500, hearing: DEFAULT_HEARING_RULES });
    const want = ['Shopping:', 'milk', 'eggs', 'bread', 'jam and honey', 'tea', 'Steps:', 'Preheat the oven.', '2) Stir', 'Bake it', 'Eat'];
    expect(segments.map((s) => s.text)).toEqual(want);
    expect(segments.map((s) => LIST.slice(s.charStart, s.charEnd))).toEqual(want);
  });

  it('keeps the items apart but their bullets when the text is read as written', () => {
    const segments = segmentText(LIST, { maxChars: 500 });
    expect(segments.map((s) => s.text)).toEqual(['Shopping:', '- milk', '- eggs', '* bread', '• jam and honey', '+ tea', 'Steps:', '1. Preheat the oven.', '2) Stir', '2. Bake it', '3. Eat']);
  });

  it('reads a wrapped line that starts with a number as part of its sentence, number and all', () => {
    const text = 'She was born in May\n12. He left home.';
    expect(segmentText(text, { maxChars: 500, hearing: DEFAULT_HEARING_RULES }).map((s) => s.text)).toEqual(['She was born in May 12.', 'He left home.']);
  });

  it('gives the built-in voice the items one by one, with a pause between them: no bullet is spoken, each word lights its own text', async () => {
    const voice = createBuiltinVoice();
    try {
      const reading = startReading({ readingId: 'list', text: LIST, synthesizer: voice, voice: 'en-us', synthRate: 1, lookahead: Infinity, hearing: DEFAULT_HEARING_RULES });
      const words: { shown: string; segment: number; startMs: number; endMs: number }[] = [];
      const pcm: number[] = [];
      let sampleRate = 0;
      for await (const c of reading.chunks()) {
        for (const w of c.words) words.push({ shown: LIST.slice(w.charStart, w.charEnd), segment: c.segment, startMs: w.startMs, endMs: w.endMs });
        if (c.audio.kind === 'pcm') {
          sampleRate = c.audio.sampleRate;
          for (const x of c.audio.samples) pcm.push(x);
        }
      }
      expect(words.map((w) => w.shown)).toEqual(['Shopping', 'milk', 'eggs', 'bread', 'jam', 'and', 'honey', 'tea', 'Steps', 'Preheat', 'the', 'oven', '2', 'Stir', 'Bake', 'it', 'Eat']);
      // One segment per item: the player's "next sentence" goes item by item.
      expect(new Set(words.filter((w) => ['milk', 'eggs', 'bread', 'jam', 'tea'].includes(w.shown)).map((w) => w.segment)).size).toBe(5);
      // Silence (10 ms frames under -40 dBFS) where one item's words end and the next one's begin.
      const longestQuietMs = (fromMs: number, toMs: number) => {
        const frame = Math.round(sampleRate / 100);
        const quiet = (f: number) => Math.sqrt(pcm.slice(f * frame, (f + 1) * frame).reduce((a, x) => a + x * x, 0) / frame) < 0.01;
        let longest = 0;
        for (let f = Math.floor(fromMs / 10), run = 0; f < toMs / 10; f++) {
          run = quiet(f) ? run + 1 : 0;
          longest = Math.max(longest, run);
        }
        return longest * 10;
      };
      for (const [a, b] of [['milk', 'eggs'], ['eggs', 'bread'], ['honey', 'tea'], ['oven', '2'], ['it', 'Eat']]) {
        const last = words.find((w) => w.shown === a)!;
        const next = words.find((w) => w.shown === b)!;
        expect(longestQuietMs(last.endMs - 150, next.startMs + 150), `${a} / ${b}`).toBeGreaterThanOrEqual(ITEM_PAUSE_MS - 30);
      }
    } finally {
      await voice.close();
    }
  });
});

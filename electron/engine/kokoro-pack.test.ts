// A Kokoro pack's vocabulary is bounded: a tokenizer.json far larger than a vocabulary, with more
// symbols than one has, or with an id past any model's table, is refused in words at install and
// when installed voices are listed, rather than read without end or failing every reading later.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installTinyKokoro } from '../../test/support/tiny-kokoro';
import { FIXTURE_VOICES } from '../../test/support/tiny-piper';
import { listInstalledVoices } from './installed-voices';
import { parseKokoroVocab } from './kokoro-pack';

const tokenizer = readFileSync(join(FIXTURE_VOICES, 'kokoro-tiny', 'tokenizer.json'), 'utf8');
const withVocab = (vocab: Record<string, number>) => JSON.stringify({ model: { type: 'WordLevel', vocab } });
const real = (JSON.parse(tokenizer) as { model: { vocab: Record<string, number> } }).model.vocab;

describe("a Kokoro pack's vocabulary", () => {
  it('refuses an id past any Kokoro model, too many symbols, or a file too large to be one', () => {
    expect(parseKokoroVocab(tokenizer).size).toBe(Object.keys(real).length);
    expect(() => parseKokoroVocab(withVocab({ ...real, x: 1e9 }))).toThrow("its tokenizer.json gives 'x' the id 1000000000, past any Kokoro model's");
    expect(() => parseKokoroVocab(withVocab(Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`s${i}`, i % 100]))))).toThrow('its tokenizer.json lists 5000 symbols, more than a phoneme vocabulary has');
    expect(() => parseKokoroVocab(`${tokenizer}${' '.repeat(2 ** 20)}`)).toThrow('its tokenizer.json is too large to be a phoneme vocabulary');
  });

  it('names an installed pack whose tokenizer.json is too large as a problem, without reading it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aloud-kokoro-vocab-'));
    const { key } = await installTinyKokoro(folder);
    writeFileSync(join(folder, key, 'tokenizer.json'), Buffer.alloc(64 * 2 ** 20, 0x20));
    expect(listInstalledVoices(folder)).toEqual({ voices: [], problems: [{ key, problem: 'its tokenizer.json is too large to be a phoneme vocabulary' }] });
  });
});

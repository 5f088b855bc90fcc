import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_VOICES, TINY_DUO_VOICE } from '../../test/support/tiny-piper';
import { listInstalledVoices } from './installed-voices';
import { parsePiperConfig, PiperConfigError } from './piper-config';
import { installVoiceFile } from './voice-install';

describe("a Piper voice's settings file", () => {
  it('gives the rate, phonemes, scales, speakers and language, with Piper\'s defaults', () => {
    const config = parsePiperConfig(readFileSync(join(FIXTURE_VOICES, `${TINY_DUO_VOICE}.onnx.json`), 'utf8'));
    expect(config).toMatchObject({ sampleRate: 16000, espeakVoice: 'en-us', noiseScale: 0.667, lengthScale: 1, noiseW: 0.8, hopLength: 256, language: 'en-US', quality: 'low', dataset: 'tinyduo' });
    expect([...config.speakers]).toEqual([['ada', 0], ['ben', 1]]);
    expect(config.phonemeIds.get('ə')).toEqual([59]);
    const minimal = parsePiperConfig(JSON.stringify({ audio: { sample_rate: 22050 }, espeak: { voice: 'de' }, phoneme_id_map: { _: [0], '^': [1], $: [2] } }));
    expect(minimal).toMatchObject({ noiseScale: 0.667, lengthScale: 1, noiseW: 0.8, hopLength: 256, language: undefined });
    expect(minimal.speakers.size).toBe(0);
    expect(minimal).toMatchObject({ defaultSpeakerId: 0, vowelClusters: [] });
  });

  it("reads piper1-gpl's default_speaker_id and vowel_clusters", () => {
    const raw = { ...fixtureConfig(), default_speaker_id: 1, vowel_clusters: [['a', 'ɪ'], ['o', 'ʊ']] };
    raw.phoneme_id_map['aɪ'] = [162];
    raw.phoneme_id_map['oʊ'] = [165];
    expect(parsePiperConfig(JSON.stringify(raw))).toMatchObject({ defaultSpeakerId: 1, vowelClusters: [['a', 'ɪ'], ['o', 'ʊ']] });
  });

  it('says in words what is wrong with one that is not a usable Piper voice', () => {
    expect(() => parsePiperConfig('{')).toThrow(new PiperConfigError('its settings file (.onnx.json) is not valid JSON'));
    expect(() => parsePiperConfig('{"audio":{}}')).toThrow(/^its settings file \(\.onnx\.json\) is not a Piper voice's: audio\.sample_rate:/);
    expect(() => parsePiperConfig(JSON.stringify({ audio: { sample_rate: 22050 }, espeak: { voice: 'zh' }, phoneme_type: 'pinyin', phoneme_id_map: { _: [0], '^': [1], $: [2] } }))).toThrow(
      "it takes 'pinyin' phonemes; Aloud reads Piper voices that take eSpeak phonemes",
    );
  });
});

// Issue 26, case 1: a hostile .onnx.json once installed and then crashed every listing of the voices
// (num_speakers 16 000 000 -> out of memory). Every field has a bound; the file itself has a size cap.
interface RawConfig {
  audio: { sample_rate: number; quality?: string };
  espeak: { voice: string };
  language: { code: string };
  inference: Record<string, number>;
  phoneme_id_map: Record<string, number[]>;
  num_speakers?: number;
  speaker_id_map?: Record<string, number>;
  hop_length?: number;
  dataset?: string;
  default_speaker_id?: number;
  vowel_clusters?: string[][];
}
const fixtureConfig = () => JSON.parse(readFileSync(join(FIXTURE_VOICES, `${TINY_DUO_VOICE}.onnx.json`), 'utf8')) as RawConfig;
const manyIds = (n: number) => Object.fromEntries([['_', [0]], ['^', [1]], ['$', [2]], ...Array.from({ length: n }, (_, i) => [`p${i}`, [3]])]);
const hostile: [string, (c: RawConfig) => void][] = [
  ['hop_length 1e9', (c) => (c.hop_length = 1e9)],
  ['num_speakers 16 000 000', (c) => ((c.num_speakers = 16_000_000), (c.speaker_id_map = {}))],
  ['a speaker id beyond num_speakers', (c) => (c.speaker_id_map = { ada: 0, ben: 5 })],
  ['a speaker map of 20 000 names', (c) => (c.speaker_id_map = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`s${i}`, 0])))],
  ['a speaker name of 10 000 characters', (c) => (c.speaker_id_map = { ['x'.repeat(10_000)]: 0, ben: 1 })],
  ['a phoneme map of 100 000 phonemes', (c) => (c.phoneme_id_map = manyIds(100_000))],
  ['a phoneme id of 2^40', (c) => (c.phoneme_id_map.a = [2 ** 40])],
  ['a phoneme with 10 000 ids', (c) => (c.phoneme_id_map.a = Array.from({ length: 10_000 }, () => 3))],
  ['a phoneme of 1000 characters', (c) => (c.phoneme_id_map['a'.repeat(1000)] = [3])],
  ['length_scale 1e300', (c) => (c.inference.length_scale = 1e300)],
  ['noise_scale -5', (c) => (c.inference.noise_scale = -5)],
  ['noise_w 1e12', (c) => (c.inference.noise_w = 1e12)],
  ['an eSpeak voice of 100 000 characters', (c) => (c.espeak.voice = 'e'.repeat(100_000))],
  ['a language code of 100 000 characters', (c) => (c.language.code = 'e'.repeat(100_000))],
  ['a dataset name of 100 000 characters', (c) => (c.dataset = 'd'.repeat(100_000))],
  ['a quality of 100 000 characters', (c) => (c.audio.quality = 'q'.repeat(100_000))],
  ['a default speaker beyond num_speakers', (c) => (c.default_speaker_id = 2)],
  ['a vowel cluster not in the phoneme map', (c) => (c.vowel_clusters = [['q', 'ʘ']])],
  ['a vowel cluster named after an object key', (c) => (c.vowel_clusters = [['con', 'structor']])],
  ['100 000 vowel clusters', (c) => (c.vowel_clusters = Array.from({ length: 100_000 }, () => ['a', 'b']))],
  ['a vowel cluster of 10 000 phonemes', (c) => (c.vowel_clusters = [Array.from({ length: 10_000 }, () => 'a')])],
];

describe("a hostile voice's settings file", () => {
  it.each(hostile)('is refused in one sentence: %s', (_, spoil) => {
    const config = fixtureConfig();
    spoil(config);
    let error: unknown;
    try {
      parsePiperConfig(JSON.stringify(config));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PiperConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/^its settings file \(\.onnx\.json\) /);
    expect(message.length).toBeLessThan(300); // one sentence, never the hostile value echoed back
    expect(message).not.toMatch(/\n/);
  });

  it("accepts the largest real voices' figures (libritts_r: 904 speakers)", () => {
    const config = fixtureConfig();
    config.num_speakers = 904;
    config.speaker_id_map = Object.fromEntries(Array.from({ length: 904 }, (_, i) => [`p${i}`, i]));
    config.hop_length = 256;
    expect(parsePiperConfig(JSON.stringify(config)).speakers.size).toBe(904);
  });

  it('is refused at install and skipped, with its reason, when the installed voices are listed', async () => {
    const source = mkdtempSync(join(tmpdir(), 'aloud-hostile-'));
    const folder = mkdtempSync(join(tmpdir(), 'aloud-voices-'));
    const config = fixtureConfig();
    config.num_speakers = 16_000_000;
    config.speaker_id_map = {};
    copyFileSync(join(FIXTURE_VOICES, `${TINY_DUO_VOICE}.onnx`), join(source, 'spk16m.onnx'));
    writeFileSync(join(source, 'spk16m.onnx.json'), JSON.stringify(config));
    await expect(installVoiceFile(folder, join(source, 'spk16m.onnx'))).rejects.toThrow(/^The voice spk16m cannot be used: its settings file \(\.onnx\.json\) [^\n]{1,250}\.$/);
    expect(existsSync(join(folder, 'spk16m'))).toBe(false);

    // One that was put there before the bound existed (or by hand) is skipped with its reason.
    mkdirSync(join(folder, 'spk16m'));
    copyFileSync(join(source, 'spk16m.onnx'), join(folder, 'spk16m', 'spk16m.onnx'));
    copyFileSync(join(source, 'spk16m.onnx.json'), join(folder, 'spk16m', 'spk16m.onnx.json'));
    const listed = listInstalledVoices(folder);
    expect(listed.voices).toEqual([]);
    expect(listed.problems).toEqual([{ key: 'spk16m', problem: expect.stringMatching(/^its settings file \(\.onnx\.json\) .*num_speakers/) }]);
  });

  it('is refused unread when it is larger than any voice needs', async () => {
    const source = mkdtempSync(join(tmpdir(), 'aloud-hostile-'));
    const folder = mkdtempSync(join(tmpdir(), 'aloud-voices-'));
    // Valid JSON and a valid voice, padded with 3 MB of spaces: the cap is on the file, before parsing.
    copyFileSync(join(FIXTURE_VOICES, `${TINY_DUO_VOICE}.onnx`), join(source, 'big.onnx'));
    writeFileSync(join(source, 'big.onnx.json'), JSON.stringify(fixtureConfig()) + ' '.repeat(3_000_000));
    await expect(installVoiceFile(folder, join(source, 'big.onnx'))).rejects.toThrow(/^The voice big cannot be used: its settings file \(\.onnx\.json\) is larger than/);
    mkdirSync(join(folder, 'big'));
    copyFileSync(join(source, 'big.onnx'), join(folder, 'big', 'big.onnx'));
    copyFileSync(join(source, 'big.onnx.json'), join(folder, 'big', 'big.onnx.json'));
    expect(listInstalledVoices(folder).problems).toEqual([{ key: 'big', problem: expect.stringMatching(/^its settings file \(\.onnx\.json\) is larger than/) }]);
  });
});

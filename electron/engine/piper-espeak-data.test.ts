import { describe, expect, it } from 'vitest';
import init from '@echogarden/espeak-ng-emscripten';
import { EspeakPhonemizer } from './espeak-phonemizer';
import { packagedFiles, trainersEspeak } from './piper-espeak-data';

const said = (p: EspeakPhonemizer, voice: string, text: string) =>
  p.phonemize(text, 0, text.length, voice)!.map((w) => w.phonemes.join('')).join(' ');

describe("the natural voices' eSpeak NG data", () => {
  it("is the fork's that Piper's voices were trained on, not the engine's newer data", async () => {
    const ours = new EspeakPhonemizer(await trainersEspeak());
    // piper-phonemize (rhasspy's fork) says these so; the engine's own data fˈɔːɹ, bɾˈʏkə, ʌstajˈɵʃsʲʌ.
    expect(said(ours, 'en-us', 'four')).toBe('fˈoːɹ');
    expect(said(ours, 'de', 'Brücke')).toBe('bɾˈykə');
    const engines = new EspeakPhonemizer(await init());
    expect(said(engines, 'en-us', 'four')).toBe('fˈɔːɹ');
  });

  it("speaks every language Piper's voices are trained in", async () => {
    const p = new EspeakPhonemizer(await trainersEspeak());
    // The eSpeak voices of Piper's catalogue (voices.json, espeak.voice).
    const voices = ['ar', 'ca', 'cs', 'cy', 'da', 'de', 'el', 'en-gb-x-rp', 'en-us', 'es', 'es-419', 'fa', 'fi', 'fr', 'hi', 'hu', 'id', 'is', 'it', 'ka', 'kk', 'lb', 'lv', 'ml', 'ne', 'nl', 'nb', 'pl', 'pt', 'pt-br', 'ro', 'ru', 'sk', 'sl', 'sr', 'sv', 'sw', 'te', 'tr', 'uk', 'vi', 'cmn'];
    for (const voice of voices) expect(said(p, voice, '12').length, voice).toBeGreaterThan(0);
  });
});

describe("piper-phonemize's file list", () => {
  const loader = (files: object[]) => `loadPackage(${JSON.stringify({ files, remote_package_size: 100 })})`;

  it('is read from its loader script', () => {
    expect(packagedFiles(loader([{ filename: '/espeak-ng-data/en_dict', start: 0, end: 10 }]), 100)).toEqual([{ filename: '/espeak-ng-data/en_dict', start: 0, end: 10 }]);
  });

  it('refuses, in one sentence, an entry outside the data or outside its folder', () => {
    expect(() => packagedFiles(loader([{ filename: '/espeak-ng-data/en_dict', start: 0, end: 101 }]), 100)).toThrow(/outside its data/);
    expect(() => packagedFiles(loader([{ filename: '/espeak-ng-data/../etc/passwd', start: 0, end: 1 }]), 100)).toThrow(/outside its data/);
    expect(() => packagedFiles(loader([{ filename: '/tmp/x', start: 0, end: 1 }]), 100)).toThrow(/outside its data/);
    expect(() => packagedFiles('console.log(1)', 100)).toThrow(/no file list/);
  });
});

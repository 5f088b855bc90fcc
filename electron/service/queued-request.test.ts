// A queued text starts as it was asked for: "Read now" (queue:play) and the queue's own turn start the
// very request that was queued, with its language, its paragraph voices and its unspoken flag.
import { describe, expect, it } from 'vitest';
import type { EventChannel, EventPayload } from '../../shared/ipc';
import type { Voice } from '../../shared/voice';
import type { LanguageDetector } from '../speech/language-detector';
import type { SegmentVoice } from '../speech/reading';
import { createScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import { createAloudCore } from './aloud-core';
import { createReadingService, type Emit } from './reading-service';
import { listenAll } from '../../test/support/listen-all';

function events() {
  const seen: { channel: EventChannel; payload: unknown }[] = [];
  const emit: Emit = (channel, payload) => void seen.push({ channel, payload });
  const of = <C extends EventChannel>(channel: C) => seen.filter((e) => e.channel === channel).map((e) => e.payload as EventPayload<C>);
  async function ended(readingId: string): Promise<void> {
    while (!of('reading:ended').some((e) => e.readingId === readingId)) await new Promise((r) => setTimeout(r, 5));
  }
  return { emit, of, ended };
}

/** The built-in voice with an English and a French voice, each listed with its language. */
function bilingual() {
  const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us', 'fr-fr'] });
  const voices: Voice[] = [
    { id: 'en-us', provider: 'builtin', name: 'English', languages: ['en-us'] },
    { id: 'fr-fr', provider: 'builtin', name: 'French', languages: ['fr-fr'] },
  ];
  return Object.assign(synth, { listVoices: async () => voices });
}

/** Tells French by its little words, English otherwise; sure of anything of three words or more. */
const detector: LanguageDetector = {
  async detect(text) {
    if (text.trim().split(/\s+/u).length < 3) return { language: 'en', reliable: false };
    return { language: /\b(le|la|est)\b/iu.test(text) ? 'fr' : 'en', reliable: true };
  },
  close: async () => {},
};

const PLAYING = 'This is the text that plays while another waits.';
const MIXED = 'Le chat est sur la table.\nThe dog sleeps in the garden today.';

describe('a queued request', () => {
  it('"Read now" and the queue’s turn start it whole: its voice, Speed, language, paragraph voices and unspoken flag', async () => {
    const synth = bilingual();
    const asked: [string, string][] = [];
    const paragraphVoices = (text: string, voice: string): SegmentVoice | null => (asked.push([text, voice]), null);
    const ev = events();
    const svc = createReadingService({ synthesizers: [synth], defaultVoice: 'builtin/en-us', emit: ev.emit, paragraphVoices });
    const request = { text: MIXED, voice: 'builtin/fr-fr', speed: 1.5, language: 'fr', byParagraph: true, unspoken: true };

    await svc.read({ text: PLAYING });
    const now = await svc.read({ ...request, mode: 'queue' });
    const later = await svc.read({ ...request, mode: 'queue' });
    expect([now.queued, later.queued]).toEqual([true, true]);
    expect(svc.listQueue().map((i) => i.voice)).toEqual(['builtin/fr-fr', 'builtin/fr-fr']);

    const asQueued = { text: MIXED, voice: 'builtin/fr-fr', speed: 1.5, language: 'fr', unspoken: true };
    await svc.playFromQueue(now.readingId);
    expect(ev.of('reading:started').at(-1)).toMatchObject(asQueued);
    expect(asked).toEqual([[MIXED, 'builtin/fr-fr']]);

    // The queue's own turn: the player reports the reading played to its end.
    await svc.played(ev.of('reading:started').at(-1)!.readingId);
    expect(ev.of('reading:started').at(-1)).toMatchObject(asQueued);
    expect(asked).toEqual([[MIXED, 'builtin/fr-fr'], [MIXED, 'builtin/fr-fr']]);
    expect(svc.listQueue()).toEqual([]);
    await svc.close();
  });

  it('in the app: a queued text in another language keeps the language told and its paragraphs’ voices when read now', async () => {
    const synth = bilingual();
    const ev = events();
    const core = listenAll(createAloudCore({ builtin: { synthesizer: synth, voice: 'en-us' }, store: null, settings: null, languageDetector: detector }), ev.emit);
    await core.readings.read({ text: PLAYING });
    // Detected as French: the French voice reads it, its English paragraph read by the English voice.
    const queued = await core.readings.read({ text: MIXED, mode: 'queue' });
    expect(queued.queued).toBe(true);

    const { readingId } = await core.readings.playFromQueue(queued.readingId);
    await ev.ended(readingId);
    expect(ev.of('reading:started').at(-1)).toMatchObject({ readingId, text: MIXED, voice: 'builtin/fr-fr', language: 'fr' });
    const voiceOf = (words: string) => synth.requests.find((r) => r.text.includes(words))?.voice;
    expect([voiceOf('Le chat'), voiceOf('The dog')]).toEqual(['fr-fr', 'en-us']);
    await core.close();
  });
});

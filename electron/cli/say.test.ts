import { describe, expect, it } from 'vitest';
import { createScriptedSynthesizer } from '../../test/fakes/scripted-synthesizer';
import { createBuiltinVoice } from '../engine/builtin-voice';
import { ESPEAK_MAX_WPM, ESPEAK_NORMAL_WPM } from '../engine/espeak-rate';
import type { PcmSink } from './pcm-sinks';
import { say } from './say';

const text = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} is in here.`).join(' ');

/** A sink that holds each write until the test lets it through, as a slow pipe does. */
function gatedSink() {
  const writes: number[] = [];
  const gates: (() => void)[] = [];
  const sink: PcmSink = {
    write: (samples) =>
      new Promise<void>((resolve) => {
        writes.push(samples.length);
        gates.push(resolve);
      }),
    finish: async () => {},
    abort: async () => {},
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()!();
  };
  /** Lets every write that is waiting through, without waiting for one. */
  const releaseAll = () => gates.splice(0).forEach((g) => g());
  return { sink, writes, release, releaseAll };
}

describe('say', () => {
  it('does not synthesize further ahead of the output than the lookahead allows', async () => {
    const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], maxChars: 40 });
    const { sink, writes, release } = gatedSink();
    const running = say({ text, synthesizer: synth, voice: 'en-us', speed: 1, sink, lookahead: 2 });
    for (let written = 0; written < 12; written++) {
      // Let the synthesizer run as far as it may while the output is stuck.
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      expect(synth.requests.length).toBeLessThanOrEqual(written + 3);
      await release();
    }
    const result = await running;
    expect(result).toMatchObject({ end: 'finished', segments: 12 });
    expect(writes).toHaveLength(12);
  });

  it('with lookahead Infinity, synthesizes everything while the output is stuck', async () => {
    const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], maxChars: 40 });
    const { sink, release } = gatedSink();
    const running = say({ text, synthesizer: synth, voice: 'en-us', speed: 1, sink, lookahead: Infinity });
    await release();
    for (let i = 0; i < 200 && synth.requests.length < 12; i++) await new Promise((r) => setImmediate(r));
    expect(synth.requests).toHaveLength(12);
    for (let i = 1; i < 12; i++) await release();
    expect((await running).end).toBe('finished');
  });

  it('reports progress once per segment, from 0 to all', async () => {
    const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], maxChars: 40 });
    const seen: string[] = [];
    const sink: PcmSink = { write: async () => {}, finish: async () => {}, abort: async () => {} };
    await say({ text, synthesizer: synth, voice: 'en-us', speed: 1, sink, lookahead: 2, onProgress: (d, t) => seen.push(`${d}/${t}`) });
    expect(seen).toEqual([...Array.from({ length: 12 }, (_, i) => `${i}/12`), '12/12']);
  });

  it('stops when its signal aborts', async () => {
    const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], maxChars: 40 });
    const controller = new AbortController();
    const { sink, release, releaseAll } = gatedSink();
    const running = say({ text, synthesizer: synth, voice: 'en-us', speed: 1, sink, lookahead: 2, signal: controller.signal });
    await release();
    controller.abort();
    releaseAll();
    expect((await running).end).toBe('stopped');
    expect(synth.requests.length).toBeLessThan(12);
  });

  const counting = (): { sink: PcmSink; frames: () => number } => {
    let frames = 0;
    return { sink: { write: async (samples) => void (frames += samples.length), finish: async () => {}, abort: async () => {} }, frames: () => frames };
  };

  it('--rate is the Speed: a voice without a rate parameter speaks at 1x and the output is time-stretched to it', async () => {
    const synth = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], maxChars: 40 });
    const one = counting();
    await say({ text, synthesizer: synth, voice: 'en-us', speed: 1, sink: one.sink, lookahead: Infinity });
    const two = counting();
    const result = await say({ text, synthesizer: synth, voice: 'en-us', speed: 2, sink: two.sink, lookahead: Infinity });
    expect(synth.requests.every((r) => r.synthRate === 1)).toBe(true);
    expect(result.frames).toBe(two.frames());
    expect(Math.abs(two.frames() / one.frames() - 0.5)).toBeLessThan(0.03 * 0.5);
  });

  it('--rate 4 with the built-in voice: eSpeak speaks at its top rate and the rest is stretched, so it lasts 450/175 / 4 of that', async () => {
    const voice = createBuiltinVoice();
    try {
      const top = counting();
      const topRate = ESPEAK_MAX_WPM / ESPEAK_NORMAL_WPM;
      await say({ text, synthesizer: voice, voice: 'en-us', speed: topRate, sink: top.sink, lookahead: Infinity });
      const four = counting();
      await say({ text, synthesizer: voice, voice: 'en-us', speed: 4, sink: four.sink, lookahead: Infinity });
      expect(Math.abs(four.frames() / top.frames() - topRate / 4)).toBeLessThan(0.03 * (topRate / 4));
    } finally {
      await voice.close();
    }
  });
});


// A natural voice's worker busy in a run of the model when its reading is stopped: terminating a
// worker inside onnxruntime's run kills the whole process (the runtime throws into an ending thread:
// "terminate called after throwing an instance of 'Napi::Error'"). The host sets such a worker aside
// to finish its run, and the next reading starts at once on a new worker. The fixture voice takes
// seconds for each run. Alone in its file: a crash here takes only this file's process.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { installTinyVoice, TINY_VOICE } from '../../test/support/tiny-piper';
import { createNaturalVoiceHost, createPiperVoices } from './piper-voices';

const SLOW = 'en_US-tinyslow-low';

it('sets a worker busy in a run aside when a stop does not get through in time, and reads the next text on a new one', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'aloud-voices-'));
  await installTinyVoice(folder);
  await installTinyVoice(folder, SLOW);
  const host = createNaturalVoiceHost({ abortGraceMs: 50 });
  const voices = createPiperVoices({ folder, host });
  try {
    await voices.warmUp(TINY_VOICE);
    // The slow voice loaded, so its reading goes through eSpeak and then into the model's runs, one per
    // sentence, each lasting seconds, back to back. Stopped as the first sentence's audio arrives, the
    // worker is by then inside the second sentence's run, whatever the load: a condition, not a delay.
    await voices.warmUp(SLOW);
    const stopped = new AbortController();
    const started = performance.now();
    const text = 'This takes a while. Then it goes on. And on again.';
    const slow = (async () => {
      for await (const _ of voices.synthesize({ text, voice: SLOW, synthRate: 1, signal: stopped.signal })) stopped.abort();
    })();
    await slow;
    // The next reading does not wait for the run in flight: a new worker speaks it.
    const words: string[] = [];
    for await (const part of voices.synthesize({ text: 'Right away.', voice: TINY_VOICE, synthRate: 1, signal: new AbortController().signal })) words.push(...part.words.map((w) => w.text));
    expect(words).toEqual(['Right', 'away']);
    expect(host.workerStarts).toBe(2);
    expect(host.aborts).toEqual([expect.objectContaining({ terminated: true })]);
    expect(performance.now() - started).toBeLessThan(60_000);

    // Closed in the middle of a run: the worker ends after it, and the process lives on.
    const closing = (async () => {
      for await (const _ of voices.synthesize({ text: 'Closed mid-run.', voice: SLOW, synthRate: 1, signal: new AbortController().signal }));
    })().catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    await host.close();
    expect(String(await closing)).toMatch(/was closed/);
  } finally {
    await host.close();
  }
});

// A natural voice speaks again after its worker has ended: closed, or replaced after an abort that did
// not stop in time. onnxruntime-node registers itself only when its library is first loaded, so a
// new worker could not load it once the last worker holding it had ended. Alone in its file: no other
// worker may hold the runtime meanwhile.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { installTinyVoice, TINY_VOICE } from '../../test/support/tiny-piper';
import { createPiperVoices } from './piper-voices';

it('starts a new worker that loads the runtime again, each time the last one has ended', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'aloud-voices-'));
  await installTinyVoice(folder);
  const voices = createPiperVoices({ folder });
  try {
    for (let worker = 0; worker < 3; worker++) {
      const words: string[] = [];
      for await (const part of voices.synthesize({ text: 'Once more.', voice: TINY_VOICE, synthRate: 1, signal: new AbortController().signal })) words.push(...part.words.map((w) => w.text));
      expect(words).toEqual(['Once', 'more']);
      await voices.close(); // the worker ends; the next request starts another
    }
  } finally {
    await voices.close();
  }
});

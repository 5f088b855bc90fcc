// The language detector's worker thread: ELD (Efficient Language Detector, its "small" database: 60
// languages, 1.6 MB of n-grams) loaded once, here, so its load never holds up the main process.
// Chosen by `npm run bench language`: on Aloud's held-out snippets in 20 languages it was right 200 times
// of 200, beside tinyld (199) and franc (158), and faster than both (58 µs a snippet against 99 and 289
// in one run); ELD's large database was as right but takes three times as long to load.
import { parentPort } from 'node:worker_threads';
import { eld } from 'eld/small';

export interface LanguageRequest {
  id: number;
  text: string;
}

export interface LanguageAnswer {
  id: number;
  language: string | null;
  reliable: boolean;
}

parentPort?.on('message', ({ id, text }: LanguageRequest) => {
  let answer: LanguageAnswer;
  try {
    const result = eld.detect(text);
    answer = { id, language: result.language || null, reliable: result.isReliable() };
  } catch {
    answer = { id, language: null, reliable: false };
  }
  parentPort!.postMessage(answer);
});

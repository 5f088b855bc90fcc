// The language detector (the speech layer's port) over its worker thread: started on the first
// question, asked one text at a time by id; the worker does not keep the process alive, and a worker
// that dies is started again at the next question.
import type { Worker } from 'node:worker_threads';
import { detectionSample, type LanguageDetector } from '../speech/language-detector';
import type { LanguageAnswer } from './language-worker';
import { locateWorker, startWorker } from './worker-location';

export function createLanguageDetection(options: { workerFile?: string } = {}): LanguageDetector {
  let worker: Worker | null = null;
  let nextId = 1;
  const waiting = new Map<number, (answer: LanguageAnswer | null) => void>();
  const failAll = () => {
    for (const done of waiting.values()) done(null);
    waiting.clear();
  };
  const start = (): Worker => {
    const w = startWorker(options.workerFile ?? locateWorker('language-worker'), {});
    w.unref();
    w.on('message', (answer: LanguageAnswer) => {
      waiting.get(answer.id)?.(answer);
      waiting.delete(answer.id);
    });
    // A detector that fails answers "cannot tell": the reading goes on with the voice it has.
    w.on('error', failAll);
    w.on('exit', () => {
      if (worker === w) worker = null;
      failAll();
    });
    return w;
  };
  return {
    async detect(text) {
      const sample = detectionSample(text);
      if (!/\p{L}/u.test(sample)) return null;
      worker ??= start();
      const id = nextId++;
      const answer = await new Promise<LanguageAnswer | null>((done) => {
        waiting.set(id, done);
        worker!.postMessage({ id, text: sample });
      });
      return answer?.language ? { language: answer.language, reliable: answer.reliable } : null;
    },
    async close() {
      const w = worker;
      worker = null;
      failAll();
      await w?.terminate();
    },
  };
}

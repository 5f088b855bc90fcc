// A stand-in for electron/engine/espeak-worker.ts that speaks the same protocol but, for the text
// "hang", sends one part and then never returns to its event loop, the way eSpeak would if it could
// not be interrupted inside one long call. It proves the host terminates and replaces such a worker.
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from '../../electron/engine/espeak-protocol';

const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);

port.on('message', (job: ToWorker) => {
  if (job.type === 'voices') {
    send({ type: 'voices', id: job.id, voices: [{ identifier: 'test/en', name: 'Test', languages: ['en'] }] });
    return;
  }
  if (job.type === 'warm') {
    send({ type: 'done', id: job.id, aborted: false, samples: 0 });
    return;
  }
  const samples = new Float32Array(2205).fill(0.25);
  send({ type: 'audio', id: job.id, samples, words: [] });
  if (job.text === 'hang') for (;;);
  send({ type: 'audio', id: job.id, samples: new Float32Array(2205), words: [{ text: job.text, charStart: 0, charEnd: job.text.length, startMs: 0, endMs: 200 }] });
  send({ type: 'done', id: job.id, aborted: false, samples: 4410 });
});

send({ type: 'ready', sampleRate: 22050 });

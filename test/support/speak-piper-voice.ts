// Speaks "Hi." with the Piper voice file given as the first argument, in a process of its own, so a
// test can read what the process writes to its stderr (onnxruntime's native log lines go straight
// to file descriptor 2, past anything a test could capture in its own process).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createPiperVoices } from '../../electron/engine/piper-voices';
import { installVoiceFile } from '../../electron/engine/voice-install';

const model = process.argv[2]!;
const folder = mkdtempSync(join(tmpdir(), 'aloud-speak-'));
await installVoiceFile(folder, model);
const voices = createPiperVoices({ folder });
for await (const _ of voices.synthesize({ text: 'Hi.', voice: basename(model, '.onnx'), synthRate: 1, signal: new AbortController().signal }));
await voices.close();
console.log('spoken');

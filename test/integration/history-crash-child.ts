// Child for the crash test: writes readings into the library as fast as it can, printing each
// reading's id once it is complete, until it is killed. Content is a pure function of the id so the
// parent can check every reported reading is intact.
import { openLibrary } from '../../electron/history/library-store';
import { startRecording } from '../../electron/history/recorder';
import { OpusStreamEncoder } from '../../electron/history/audio/opus-codec';
import { crashReading } from './history-crash-content';

const [path, prefix] = process.argv.slice(2) as [string, string];
process.stdout.write('ready\n');
const lib = openLibrary({ path });
new OpusStreamEncoder({ sampleRate: 16000, channels: 1 }).close(); // compile the codec before the clock starts
process.stdout.write('opened\n');
for (let n = 0; ; n++) {
  const r = crashReading(`${prefix}-${n}`);
  const rec = startRecording(lib, r.meta);
  for (const c of r.chunks) rec.add(c);
  await rec.finish('complete');
  if (rec.error) throw rec.error;
  process.stdout.write(`done ${r.meta.id}\n`);
}

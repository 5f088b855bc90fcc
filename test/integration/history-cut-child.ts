// Child for the cut-reading tests: records one reading into the library at streaming pace through the
// real recorder, printing 'saved N' as its committed chunk count grows, and never finishes it: the
// parent kills it with SIGKILL part way, as a crash would.
import { readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import type { Chunk } from '../../shared/chunk';
import { openLibrary } from '../../electron/history/library-store';
import { type ReadingMeta } from '../../electron/history/library-rows';
import { startRecording } from '../../electron/history/recorder';

const [dbPath, inputPath, paceMs] = process.argv.slice(2) as [string, string, string];
const { meta, chunks } = deserialize(readFileSync(inputPath)) as { meta: ReadingMeta; chunks: Chunk[] };
const lib = openLibrary({ path: dbPath });
const rec = startRecording(lib, meta, { onError: (e) => process.stderr.write(`${String(e)}\n`) });
let reported = -1;
const report = () => {
  const n = lib.get(meta.id)?.chunkCount ?? 0;
  if (n !== reported) process.stdout.write(`saved ${(reported = n)}\n`);
};
for (const c of chunks) {
  rec.add(c);
  await new Promise((r) => setTimeout(r, Number(paceMs)));
  report();
}
setInterval(report, 20);

// A reading cut off by a real crash: a child process records it through the real recorder at
// streaming pace and is killed with SIGKILL once at least `killAfter` chunks are committed. The
// library file is left as the crash left it; the next open finds the reading and keeps it partial.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import type { Chunk } from '../../shared/chunk';
import type { ReadingMeta } from '../../electron/history/library-rows';

export interface CutReading {
  dbPath: string;
  meta: ReadingMeta;
  /** The live chunks, in order; the child adds them one every `paceMs`. */
  chunks: Chunk[];
  /** Kill once the library holds at least this many of them (fewer than all). */
  killAfter: number;
  paceMs?: number;
}

/** Resolves with the committed chunk count the child last reported, once it is dead. */
export async function cutReadingByCrash(o: CutReading): Promise<{ reportedSaved: number }> {
  if (o.killAfter >= o.chunks.length) throw new Error('killAfter must leave chunks unsaved');
  const dir = mkdtempSync(join(tmpdir(), 'aloud-cut-'));
  const input = join(dir, 'reading.bin');
  writeFileSync(input, serialize({ meta: o.meta, chunks: o.chunks }));
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'history-cut-child.ts'), o.dbPath, input, String(o.paceMs ?? 40)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let saved = 0;
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
          const m = /^saved (\d+)$/.exec(out.slice(0, nl));
          out = out.slice(nl + 1);
          if (m) saved = Number(m[1]);
          if (saved >= o.killAfter) child.kill('SIGKILL');
        }
      });
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        if (signal === 'SIGKILL') resolve({ reportedSaved: saved });
        else reject(new Error(`the writer exited by itself (code ${code}): ${err}`));
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

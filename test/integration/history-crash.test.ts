// Kills a child that is writing readings with SIGKILL at random points, 200+ times. After every kill
// the library must open, pass PRAGMA integrity_check, hold no reading stuck 'recording', and keep every
// reading the child reported complete intact: same text, chunks, words, and audio that decodes.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import type { Chunk } from '../../shared/chunk';
import { openLibrary } from '../../electron/history/library-store';
import { replayChunks } from '../../electron/history/replay';
import { crashReading } from './history-crash-content';

const RUNS = 204;
const LANES = 3;

/** mulberry32: a small seeded RNG, so a failing run can be repeated. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let dir: string;
let childJs: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aloud-crash-'));
  // Inside the project, so the bundle resolves better-sqlite3 and opusscript from node_modules.
  const cache = join(__dirname, '../../node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  childJs = join(mkdtempSync(join(cache, 'aloud-crash-')), 'child.mjs');
  // One bundle up front: plain node starts each child far faster than a TypeScript loader would.
  await build({
    entryPoints: [join(__dirname, 'history-crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: childJs,
    external: ['better-sqlite3', 'opusscript'],
    logLevel: 'silent',
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(dirname(childJs), { recursive: true, force: true });
});

interface RunResult {
  completed: string[];
}

/**
 * Kill `afterMs` after the child says 'ready' (before it opens the library), or after it has reported
 * `afterDone` complete readings (0: once it has opened the library). Counting readings rather than
 * wall-clock time keeps the coverage the same on a loaded machine.
 */
type Kill = { at: 'ready'; afterMs: number } | { at: 'done'; afterDone: number; afterMs: number };

function runChild(dbPath: string, prefix: string, kill: Kill): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childJs, dbPath, prefix], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const completed: string[] = [];
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      let nl: number;
      while ((nl = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, nl);
        out = out.slice(nl + 1);
        if (line.startsWith('done ')) completed.push(line.slice(5));
        const due = kill.at === 'ready' ? line === 'ready' : line !== 'ready' && completed.length === kill.afterDone;
        if (due && !timer) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve({ completed });
      else reject(new Error(`child exited by itself (code ${code}): ${err}`));
    });
  });
}

async function collect(it: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const out: Chunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

/** Returns how many readings are partial (left so by kills) so far. */
/** Checks the library after a kill; how many readings the kill cut off (kept partial or, empty, dropped). */
async function verify(dbPath: string, newlyCompleted: string[], allCompleted: Set<string>): Promise<number> {
  const lib = openLibrary({ path: dbPath });
  try {
    // A reading cut off before anything of it was saved has nothing to play: none is left.
    expect(lib.db.prepare(`SELECT count(*) AS n FROM readings WHERE status = 'partial' AND chunk_count = 0`).get()).toEqual({ n: 0 });
    expect(lib.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(lib.db.pragma('foreign_key_check')).toEqual([]);
    expect(lib.db.prepare(`SELECT count(*) AS n FROM readings WHERE status = 'recording'`).get()).toEqual({ n: 0 });
    const complete = lib.db.prepare(`SELECT count(*) AS n FROM readings WHERE status = 'complete'`).get() as { n: number };
    // A kill between the commit and the child's report leaves one more complete than reported.
    expect(complete.n).toBeGreaterThanOrEqual(allCompleted.size);
    for (const id of newlyCompleted) {
      const want = crashReading(id);
      const got = lib.get(id);
      expect(got?.status).toBe('complete');
      expect(got?.text).toBe(want.meta.text);
      const chunks = await collect(replayChunks(lib, id));
      expect(chunks.map((c) => [c.seq, c.startMs, c.durationMs])).toEqual(want.chunks.map((c) => [c.seq, c.startMs, c.durationMs]));
      expect(chunks.map((c) => c.words)).toEqual(want.chunks.map((c) => c.words));
      for (const [i, c] of chunks.entries()) {
        const w = want.chunks[i]!;
        expect(c.audio.kind === 'pcm' && w.audio.kind === 'pcm' && c.audio.samples.length === w.audio.samples.length).toBe(true);
      }
    }
    // Partial readings left by the kills still replay (as far as they got) without error.
    const partials = lib.db.prepare(`SELECT id FROM readings WHERE status = 'partial' ORDER BY rid DESC LIMIT 3`).all() as { id: string }[];
    for (const p of partials) await collect(replayChunks(lib, p.id));
    return lib.recovered;
  } finally {
    lib.close();
  }
}

it(`the library survives ${RUNS} SIGKILLs of a writer at random points`, async () => {
  const random = rng(0x5eed);
  // Most kills land while readings stream; some while the library opens, migrates or recovers.
  const kills = Array.from({ length: RUNS }, (): Kill =>
    random() < 0.15 ? { at: 'ready', afterMs: random() * 150 } : { at: 'done', afterDone: Math.floor(random() * 4), afterMs: random() * 60 },
  );
  const stats = { completed: 0, killsBeforeFirstReading: 0, cut: 0 };
  await Promise.all(
    Array.from({ length: LANES }, async (_, lane) => {
      const dbPath = join(dir, `lane-${lane}.sqlite`);
      const allCompleted = new Set<string>();
      for (let run = lane; run < RUNS; run += LANES) {
        const { completed } = await runChild(dbPath, `l${lane}r${run}`, kills[run]!);
        completed.forEach((id) => allCompleted.add(id));
        stats.completed += completed.length;
        if (completed.length === 0) stats.killsBeforeFirstReading++;
        stats.cut += await verify(dbPath, completed, allCompleted);
      }
    }),
  );
  // The kills must have landed mid-stream often, and readings must have completed too.
  expect(stats.completed).toBeGreaterThanOrEqual(kills.reduce((a, k) => a + (k.at === 'done' ? k.afterDone : 0), 0));
  expect(stats.killsBeforeFirstReading).toBeGreaterThan(10);
  expect(stats.cut).toBeGreaterThan(RUNS / 4);
  console.log(
    `crash test: ${RUNS} kills, ${stats.completed} readings completed, ${stats.cut} cut off mid-reading (kept partial, or dropped when empty), ${stats.killsBeforeFirstReading} kills before the first`,
  );
});

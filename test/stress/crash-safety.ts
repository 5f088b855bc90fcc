// SIGKILL at a random moment during a migration, during an export and during crash recovery itself.
// After each kill the library opens, passes integrity_check and holds every reading as before; an
// export leaves under its real names only whole files (a .part at most for the one cut short).
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { exportReadings, readingWords } from '../../electron/history/export/export-reading';
import { openLibrary } from '../../electron/history/library-store';
import { latestVersion, migrate } from '../../electron/history/migrate';
import { migrations } from '../../electron/history/migrations';
import { startRecording } from '../../electron/history/recorder';
import { createScriptedSynthesizer } from '../fakes/scripted-synthesizer';
import { startReading } from '../../electron/speech/reading';
import { check, newReport, seededRandom, tryCase, type FamilyReport, type StressOptions } from './report';

const root = join(import.meta.dirname, '../..');

async function bundleChild(): Promise<string> {
  // Inside the project, so the bundle resolves better-sqlite3 and opusscript from node_modules.
  const cache = join(root, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  const out = join(mkdtempSync(join(cache, 'aloud-stress-')), 'crash-child.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    external: ['better-sqlite3', 'opusscript'],
    logLevel: 'silent',
  });
  return out;
}

/**
 * Runs the child and kills it `afterMs` after it says 'ready' (null: once it says 'done'); whether it
 * had finished by then, and how long the job ran.
 */
function runAndKill(childJs: string, args: string[], afterMs: number | null): Promise<{ finished: boolean; ms: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let readyAt = 0;
    let ms = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      const wasReady = out.includes('ready\n');
      const wasDone = out.includes('done\n');
      out += d;
      if (!wasReady && out.includes('ready\n')) {
        readyAt = performance.now();
        if (afterMs !== null) setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
      if (!wasDone && out.includes('done\n')) {
        ms = performance.now() - readyAt;
        if (afterMs === null) child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`the child failed (${code}): ${err.trim()}`));
      else resolve({ finished: out.includes('done\n'), ms });
    });
  });
}

const textOf = (i: number) => `Old reading ${i}: ${'words that were saved long ago, and must survive the upgrade. '.repeat(1 + (i % 20))}`;

/** A library at schema 1 holding `n` readings, as an old Aloud left it. */
function oldLibrary(path: string, n: number): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(db, migrations.slice(0, 1));
  const add = db.prepare(`INSERT INTO readings (id, created_at, updated_at, text, provider, voice, rate, cache_key, status) VALUES (?, ?, ?, ?, 'builtin', 'en-us', 1, 'k', 'complete')`);
  db.transaction(() => {
    for (let i = 0; i < n; i++) add.run(`old-${i}`, i, i, textOf(i));
  })();
  db.close();
}

export async function crashSafety(opts: StressOptions): Promise<FamilyReport> {
  const report = newReport('crash-safety');
  const random = seededRandom(opts.seed + 5);
  const dir = mkdtempSync(join(tmpdir(), 'aloud-stress-crash-'));
  const childJs = await bundleChild();
  const kills = opts.scale === 'full' ? 12 : 4;
  const mid = { migrate: 0, export: 0, recover: 0 };
  try {
    // ---- during a migration ----
    const readings = opts.scale === 'full' ? 20_000 : 4_000;
    const pristine = join(dir, 'old.sqlite');
    oldLibrary(pristine, readings);
    // How long the job takes here and now, so the kills land inside it whatever the machine's load.
    const timed = async (args: (path: string) => string[], prepare: (path: string) => void): Promise<number> => {
      const path = join(dir, `timing-${Math.floor(random() * 1e9)}.sqlite`);
      prepare(path);
      return (await runAndKill(childJs, args(path), null)).ms;
    };
    const migrateMs = await timed((p) => ['migrate', p], (p) => copyFileSync(pristine, p));
    report.figures['job times'] = `migration ${migrateMs.toFixed(0)} ms`;
    for (let k = 0; k < kills; k++) {
      await tryCase(report, `SIGKILL during a migration (${k + 1})`, async () => {
        const path = join(dir, `migrate-${k}.sqlite`);
        copyFileSync(pristine, path);
        const { finished } = await runAndKill(childJs, ['migrate', path], random() * migrateMs);
        if (!finished) mid.migrate++;
        const lib = openLibrary({ path });
        try {
          check(lib.db.pragma('integrity_check', { simple: true }) === 'ok', 'integrity_check fails');
          check(lib.db.pragma('user_version', { simple: true }) === latestVersion(), 'not brought up to date on the next start');
          const count = lib.count();
          report.lost += readings - count;
          check(count === readings, `${readings - count} readings lost`);
          for (const i of [0, readings >> 1, readings - 1]) check(lib.get(`old-${i}`)?.text === textOf(i), `reading old-${i} changed`);
          check(lib.search('survive', { limit: 5 }).length === 5, 'search finds nothing after the upgrade');
        } finally {
          lib.close();
        }
      });
    }

    // ---- during an export ----
    const libPath = join(dir, 'export.sqlite');
    const lib = openLibrary({ path: libPath });
    const voice = createScriptedSynthesizer({ provider: 'builtin', voices: ['en-us'], sampleRate: 22_050, msPerWord: 300 });
    const text = Array.from({ length: 60 }, (_, i) => `Sentence ${i} of a long reading to export.`).join(' ');
    const rec = startRecording(lib, { id: 'long', text, provider: 'builtin', voice: 'en-us', synthRate: 1 });
    for await (const c of startReading({ readingId: 'long', text, synthesizer: voice, voice: 'en-us', synthRate: 1, lookahead: Infinity }).chunks()) rec.add(c);
    await rec.finish('complete');
    const words = JSON.stringify(readingWords(lib, 'long'));
    const reference = join(dir, 'reference');
    const files = new Map((await exportReadings(lib, ['long'], reference, ['wav', 'compressed', 'srt', 'vtt', 'txt'])).map((p) => [p.slice(reference.length + 1), readFileSync(p)]));
    lib.close();
    const exportMs = (await runAndKill(childJs, ['export', libPath, 'long', join(dir, 'export-timing')], null)).ms;
    report.figures['job times'] += `, export ${exportMs.toFixed(0)} ms`;
    for (let k = 0; k < kills; k++) {
      await tryCase(report, `SIGKILL during an export (${k + 1})`, async () => {
        const folder = join(dir, `export-${k}`);
        const { finished } = await runAndKill(childJs, ['export', libPath, 'long', folder], random() * exportMs);
        if (!finished) mid.export++;
        for (const name of readdirSync(folder, { withFileTypes: false }) as string[]) {
          if (name.endsWith('.part')) continue;
          check(files.has(name), `an unexpected file ${name}`);
          check(readFileSync(join(folder, name)).equals(files.get(name)!), `${name} is not whole`);
        }
        const after = openLibrary({ path: libPath });
        try {
          check(after.db.pragma('integrity_check', { simple: true }) === 'ok', 'integrity_check fails');
          const same = JSON.stringify(readingWords(after, 'long')) === words;
          if (!same) report.lost++;
          check(same, 'the exported reading changed');
        } finally {
          after.close();
        }
      });
    }

    // ---- during recovery ----
    const rows = opts.scale === 'full' ? 20_000 : 6_000;
    const crashed = join(dir, 'crashed.sqlite');
    {
      const c = openLibrary({ path: crashed });
      c.db.transaction(() => {
        for (let i = 0; i < rows; i++) {
          const rid = c.beginReading({ id: `cut-${i}`, text: `Cut short ${i}.`, provider: 'builtin', voice: 'en-us', synthRate: 1 });
          // Half got audio in before the crash; half got none.
          if (i % 2 === 0) c.append(rid, { chunks: [{ seq: 0, segment: 0, startMs: 0, durationMs: 100, words: [], encoded: { mime: 'audio/wav', bytes: new Uint8Array(64) } }] });
        }
        // The writer is gone: a PID no process holds.
        c.db.prepare(`UPDATE readings SET writer_pid = 2147483646, writer_started = 0`).run();
      })();
      c.close();
    }
    const recoverMs = await timed((p) => ['recover', p], (p) => copyFileSync(crashed, p));
    report.figures['job times'] += `, recovery ${recoverMs.toFixed(0)} ms`;
    for (let k = 0; k < kills; k++) {
      await tryCase(report, `SIGKILL during recovery (${k + 1})`, async () => {
        const path = join(dir, `recover-${k}.sqlite`);
        copyFileSync(crashed, path);
        const { finished } = await runAndKill(childJs, ['recover', path], random() * recoverMs);
        if (!finished) mid.recover++;
        const again = openLibrary({ path });
        try {
          check(again.db.pragma('integrity_check', { simple: true }) === 'ok', 'integrity_check fails');
          const all = again.list({ limit: 10_000 });
          const partial = all.filter((r) => r.status === 'partial').length;
          report.lost += rows / 2 - partial;
          check(all.length === rows / 2 && partial === rows / 2, `${all.length} readings left (${partial} partial), not the ${rows / 2} that had audio`);
        } finally {
          again.close();
        }
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(childJs), { recursive: true, force: true });
  }
  report.figures['killed mid-job'] = `migration ${mid.migrate}, export ${mid.export}, recovery ${mid.recover} of ${kills} each`;
  return report;
}

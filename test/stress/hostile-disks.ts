// Hostile disks and endless input through the command line (issue 26, cases 2, 6, 10): a data folder
// on a read-only disk and on a full one, and stdin that never ends (`yes | aloud say - --out`).
// Saved readings stay readable and unchanged, a write that cannot happen is one sentence (never a
// stack), a file is whole or absent, memory stays bounded, and a signal ends the process promptly.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { createBuiltinVoice } from '../../electron/engine/builtin-voice';
import { runCli } from '../../electron/cli/main';
import { MAX_READING_CHARS } from '../../shared/speakable';
import { englishText } from '../support/english-text';
import { mountReadOnly } from '../support/read-only-folder';
import { mountTinyDisk } from '../support/tiny-disk';
import { parseWav } from '../support/wav-file';
import { check, newReport, sleep, tryCase, until, type FamilyReport, type StressOptions } from './report';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/aloud.mjs');
const built = existsSync(join(root, 'out/main/cli.js'));

interface Ran {
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** The command line in process, on the data folder `data`, with the real built-in voice. */
async function aloud(data: string, argv: string[], stdin: NodeJS.ReadableStream = Readable.from([])): Promise<Ran> {
  const out: Buffer[] = [];
  let stderr = '';
  const stdout = new Writable({ write: (c: Buffer, _e, done) => (out.push(c), done()) });
  const err = new Writable({ write: (c: Buffer, _e, done) => ((stderr += c.toString()), done()) });
  const before = process.env.ALOUD_DATA_DIR;
  process.env.ALOUD_DATA_DIR = data;
  try {
    const code = await runCli(argv, { stdin, stdout, stderr: err }, { createVoice: () => createBuiltinVoice(), version: 'stress' });
    return { code, stdout: Buffer.concat(out), stderr };
  } finally {
    process.env.ALOUD_DATA_DIR = before;
  }
}

/** Every line of stderr is one sentence of the command line's own, never a stack frame. */
function oneSentence(r: Ran, what: string): void {
  check(r.stderr.trim().split('\n').length === 1 && /^aloud( history)?: .+\.$/.test(r.stderr.trim()), `${what}: not one sentence: ${JSON.stringify(r.stderr)}`);
  check(!/\n\s+at /.test(r.stderr), `${what}: a stack trace: ${r.stderr}`);
}

/** No file under `name` in `folder`, nor a partial one beside it. */
function nothingLeft(folder: string, name: string): void {
  const left = readdirSync(folder).filter((f) => f === name || f.startsWith(`.${name}.`));
  check(left.length === 0, `left behind: ${left.join(', ')}`);
}

export async function hostileDisks(opts: StressOptions): Promise<FamilyReport> {
  const report = newReport('hostile-disks');
  const work = mkdtempSync(join(tmpdir(), 'aloud-stress-disks-'));
  // A library with saved readings, made where it can be written, then copied onto each hostile disk.
  const source = join(work, 'source');
  const texts = ['Saved before the disk went bad, and readable after.', 'A second reading, to search among.'];
  for (const text of texts) {
    const made = await aloud(source, ['say', text, '--out', join(work, 'made.wav'), '--no-progress']);
    if (made.code !== 0) throw new Error(`could not make the library: ${made.stderr}`);
  }
  const readOnlyCopy = join(work, 'read-only-source');
  mkdirSync(readOnlyCopy);
  copyFileSync(join(source, 'library.sqlite'), join(readOnlyCopy, 'library.sqlite'));
  const readOnly = mountReadOnly(readOnlyCopy);
  const full = mountTinyDisk(opts.scale === 'full' ? 4096 : 1024);
  const disks: { name: string; folder: string; cause: RegExp }[] = [];
  if (readOnly) disks.push({ name: 'read-only', folder: readOnly.path, cause: /read-only/ });
  else report.figures['read-only'] = 'not tried: a read-only mount needs root';
  if (full) {
    copyFileSync(join(source, 'library.sqlite'), join(full.path, 'library.sqlite'));
    for (let n = 0; ; n++) {
      try {
        writeFileSync(join(full.path, `filler-${n}`), Buffer.alloc(16 * 1024));
      } catch {
        break;
      }
    }
    disks.push({ name: 'full', folder: full.path, cause: /full/ });
  } else report.figures['full'] = 'not tried: mounting a small tmpfs needs root';

  try {
    for (const disk of disks) {
      const listed = await aloud(disk.folder, ['history', 'list', '--json']);
      const before = listed.code === 0 ? (JSON.parse(listed.stdout.toString()) as { id: string; status: string; chunkCount: number }[]) : [];
      await tryCase(report, `${disk.name}: history list reads every saved reading`, async () => {
        check(listed.code === 0, `exit ${listed.code}: ${listed.stderr}`);
        check(before.length === texts.length, `${before.length} of ${texts.length} readings listed`);
      });
      await tryCase(report, `${disk.name}: history search finds a saved reading`, async () => {
        const r = await aloud(disk.folder, ['history', 'search', 'second']);
        check(r.code === 0 && r.stdout.toString().includes('A second reading'), `exit ${r.code}: ${r.stdout.toString()}${r.stderr}`);
      });
      await tryCase(report, `${disk.name}: history play plays a saved reading`, async () => {
        const r = await aloud(disk.folder, ['history', 'play', before[0]?.id ?? 'none']);
        check(r.code === 0 && r.stdout.length > 22_050, `exit ${r.code}, ${r.stdout.length} bytes: ${r.stderr}`);
      });
      await tryCase(report, `${disk.name}: history pin says in one sentence why it cannot`, async () => {
        const r = await aloud(disk.folder, ['history', 'pin', before[0]?.id ?? 'none']);
        check(r.code === 1, `exit ${r.code}`);
        oneSentence(r, 'pin');
        check(disk.cause.test(r.stderr), `the cause is not named: ${r.stderr}`);
      });
      await tryCase(report, `${disk.name}: say speaks and says the reading is not saved`, async () => {
        const out = join(work, `${disk.name}-spoken.wav`);
        const r = await aloud(disk.folder, ['say', 'Spoken all the same.', '--out', out, '--no-progress']);
        check(r.code === 0, `exit ${r.code}: ${r.stderr}`);
        check(parseWav(readFileSync(out)).frames > 0, 'the WAV holds no audio');
        check(r.stderr === '' || /^aloud: this reading is not saved in the library: [^\n]+\n$/.test(r.stderr), `not one sentence: ${r.stderr}`);
      });
      await tryCase(report, `${disk.name}: say --out onto that disk fails in one sentence and leaves no file`, async () => {
        const r = await aloud(join(work, 'writable-data'), ['say', englishText(300), '--out', join(disk.folder, 'out.wav'), '--no-progress', '--no-history']);
        check(r.code === 1, `exit ${r.code}: ${r.stderr}`);
        oneSentence(r, 'say --out');
        nothingLeft(disk.folder, 'out.wav');
      });
      await tryCase(report, `${disk.name}: voices install says in one sentence why it cannot`, async () => {
        const r = await aloud(disk.folder, ['voices', 'install', join(root, 'test/fixtures/voices/en_US-tiny-low.onnx')]);
        check(r.code === 1, `exit ${r.code}: ${r.stderr}`);
        oneSentence(r, 'voices install');
      });
      // Nothing saved before changed.
      const after = await aloud(disk.folder, ['history', 'list', '--json']);
      const now = after.code === 0 ? (JSON.parse(after.stdout.toString()) as typeof before) : [];
      report.lost += before.filter((b) => !now.some((a) => a.id === b.id && a.status === b.status && a.chunkCount === b.chunkCount)).length;
    }
  } finally {
    for (const [name, mount] of [['read-only', readOnly], ['full', full]] as const) {
      if (!mount) continue;
      // A disk still busy is a file the command line left open on it.
      await tryCase(report, `${name}: nothing left open on the disk`, async () => {
        try {
          mount.unmount();
        } catch {
          const open = readdirSync(`/proc/${process.pid}/fd`).map((fd) => { try { return readlinkSync(`/proc/${process.pid}/fd/${fd}`); } catch { return ''; } }).filter((f) => f.startsWith(name === 'full' ? full!.path : readOnly!.path));
          throw new Error(`the disk is still in use (${open.join(', ') || 'by a memory map'})`);
        }
      });
    }
    rmSync(work, { recursive: true, force: true });
  }
  return report;
}

/** `yes "hello world"`: stdin that never ends, in pipe-sized pieces; counts what was taken. */
function endless(): { stream: Readable; pulled: () => number } {
  const piece = 'hello world\n'.repeat(64 * 1024 / 12);
  let pulled = 0;
  const stream = new Readable({
    highWaterMark: 64 * 1024,
    read() {
      pulled += piece.length;
      this.push(piece);
    },
  });
  return { stream, pulled: () => pulled };
}

/** Peak resident memory of a process, sampled until it exits, in MB. */
function watchRss(pid: number): { peak: () => number; stop: () => void } {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
    } catch {
      // Gone.
    }
  }, 50);
  return { peak: () => peak, stop: () => clearInterval(timer) };
}

export async function unboundedStdin(opts: StressOptions): Promise<FamilyReport> {
  const report = newReport('unbounded-stdin');
  const work = mkdtempSync(join(tmpdir(), 'aloud-stress-stdin-'));
  const data = join(work, 'data');
  try {
    for (const argv of [['say', '-', '--out', join(work, 'y.wav')], ['say', '-', '--out', join(work, 'y.wav'), '--no-history'], ['say', '-', '--show-text'], ['say', '-']]) {
      await tryCase(report, `in process: yes | aloud ${argv.join(' ').replace(work, '…')}`, async () => {
        const input = endless();
        const r = await aloud(data, [...argv, '--no-progress'], input.stream);
        check(r.code === 2, `exit ${r.code}: ${r.stderr}`);
        oneSentence(r, 'endless stdin');
        check(input.pulled() < MAX_READING_CHARS + 1024 * 1024, `took in ${input.pulled()} characters`);
        nothingLeft(work, 'y.wav');
      });
    }
    if (!built) report.figures['as a process'] = 'not tried: out/main/cli.js is not built';
    else {
      await tryCase(report, 'as a process: yes "hello world" | aloud say - --out y.wav', async () => {
        const yes = spawn('yes', ['hello world'], { stdio: ['ignore', 'pipe', 'ignore'] });
        const child = spawn(process.execPath, [bin, 'say', '-', '--out', join(work, 'y.wav'), '--no-progress'], { env: { ...process.env, ALOUD_DATA_DIR: data }, stdio: ['pipe', 'ignore', 'pipe'] });
        yes.stdout.pipe(child.stdin);
        child.stdin.on('error', () => undefined);
        let stderr = '';
        child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
        const rss = watchRss(child.pid!);
        const started = performance.now();
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        let code: number | null | undefined;
        void exited.then((c) => (code = c));
        try {
          await until(() => code !== undefined, 120_000, 'the command line to refuse endless stdin');
        } finally {
          yes.kill();
          rss.stop();
          if (code === undefined) child.kill('SIGKILL');
        }
        report.figures['yes | say: exit after'] = `${((performance.now() - started) / 1000).toFixed(1)} s, peak ${rss.peak().toFixed(0)} MB`;
        check(code === 2, `exit ${code}: ${stderr}`);
        check(/^aloud: the text is longer than \d+ characters; split it\.\n$/.test(stderr), `not one sentence: ${stderr}`);
        check(rss.peak() < 600, `peak memory ${rss.peak().toFixed(0)} MB`);
        nothingLeft(work, 'y.wav');
      });
      await tryCase(report, 'as a process: SIGTERM while a long text is written to a WAV and the library', async () => {
        // The longest text say takes, written as fast as the voice goes while the library saves it.
        const long = englishText(MAX_READING_CHARS / 5).slice(0, MAX_READING_CHARS - 1);
        const child = spawn(process.execPath, [bin, 'say', '-', '--out', join(work, 'long.wav'), '--no-progress'], { env: { ...process.env, ALOUD_DATA_DIR: data }, stdio: ['pipe', 'ignore', 'pipe'] });
        child.stdin.on('error', () => undefined);
        child.stdin.end(long);
        let stderr = '';
        child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
        const rss = watchRss(child.pid!);
        let code: number | null | undefined;
        child.on('exit', (c) => (code = c));
        // Let it write for a while (the partial file is there), then Ctrl+C's cousin.
        await until(() => readdirSync(work).some((f) => f.startsWith('.long.wav.')) || code !== undefined, 120_000, 'the WAV to be written');
        await sleep(opts.scale === 'full' ? 60_000 : 5_000);
        const before = rss.peak();
        const signalled = performance.now();
        child.kill('SIGTERM');
        try {
          await until(() => code !== undefined, 60_000, 'the process to end after SIGTERM');
        } finally {
          rss.stop();
          if (code === undefined) child.kill('SIGKILL');
        }
        report.figures['SIGTERM to exit'] = `${(performance.now() - signalled).toFixed(0)} ms (peak ${rss.peak().toFixed(0)} MB, ${before.toFixed(0)} MB when signalled)`;
        check(code === 130, `exit ${code}: ${stderr}`);
        check(stderr === '', `said: ${stderr}`);
        check(rss.peak() < 600, `peak memory ${rss.peak().toFixed(0)} MB`);
        nothingLeft(work, 'long.wav');
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return report;
}

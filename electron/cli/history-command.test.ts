import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { espeakChunks } from '../../test/fakes/espeak-chunks';
import { mountReadOnly } from '../../test/support/read-only-folder';
import { mountTinyDisk } from '../../test/support/tiny-disk';
import { openLibrary } from '../history/library-store';
import { startRecording } from '../history/recorder';
import { runHistoryCommand } from './history-command';

let dir: string;
let path: string;
const DAY = 86_400_000;
const base = new Date(2026, 10, 20, 12, 0).getTime();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aloud-history-cli-'));
  path = join(dir, 'library.sqlite');
  let clock = base;
  const lib = openLibrary({ path, now: () => clock });
  const texts = ['Arctic terns fly from pole to pole every year.', 'Sourdough needs a long, slow fermentation.'];
  for (const [i, text] of texts.entries()) {
    clock = base + i * DAY;
    const rec = startRecording(lib, { id: `r${i}`, text, provider: 'builtin', voice: i ? 'en-gb' : 'en-us', synthRate: 1 });
    for (const c of espeakChunks(`r${i}`, text)) rec.add(c);
    await rec.finish('complete');
  }
  lib.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], library = path) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (d: Buffer) => out.push(d));
  stderr.on('data', (d: Buffer) => err.push(d));
  const code = await runHistoryCommand(args, { stdout, stderr }, { path: library });
  stdout.end();
  stderr.end();
  return { code, out: Buffer.concat(out), stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

describe('aloud history', () => {
  it('lists newest first, with filters', async () => {
    const all = await run(['list']);
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[0])).toEqual(['r1', 'r0']);
    expect(all.stdout).toContain('builtin/en-gb');
    const gb = await run(['list', '--voice', 'en-us', '--json']);
    expect((JSON.parse(gb.stdout) as { id: string }[]).map((r) => r.id)).toEqual(['r0']);
    const day = await run(['list', '--since', '2026-11-21', '--until', '2026-11-21', '--json']);
    expect((JSON.parse(day.stdout) as { id: string }[]).map((r) => r.id)).toEqual(['r1']);
  });

  it('searches the text and shows the matching passage', async () => {
    const r = await run(['search', 'fermentation']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^r1 /);
    expect(r.stdout).toContain('[fermentation]');
    expect((await run(['search', 'nothing-like-this'])).stderr).toContain('No readings match');
  });

  it('plays a reading as raw s16le PCM of the right length', async () => {
    const r = await run(['play', 'r0']);
    expect(r.code).toBe(0);
    const liveSamples = espeakChunks('x', 'Arctic terns fly from pole to pole every year.').reduce(
      (a, c) => a + (c.audio.kind === 'pcm' ? c.audio.samples.length : 0),
      0,
    );
    expect(Math.abs(r.out.length / 2 - liveSamples) / 22050).toBeLessThan(0.05);
    // sox reads it as the help says to play it.
    writeFileSync(join(dir, 'play.raw'), r.out);
    // sox prints its stat report on stderr.
    const info = spawnSync('sox', ['-t', 'raw', '-r', '22050', '-e', 'signed', '-b', '16', '-c', '1', join(dir, 'play.raw'), '-n', 'stat'], { encoding: 'utf8' }).stderr;
    const secs = Number(/Length \(seconds\):\s+([\d.]+)/.exec(info)![1]);
    expect(Math.abs(secs - liveSamples / 22050)).toBeLessThan(0.05);
  });

  it('exports readings into a folder', async () => {
    const out = join(dir, 'out');
    const r = await run(['export', 'r0', 'r1', '--out', out, '--format', 'opus,srt']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    expect(readdirSync(out).map((f) => f.split('.').pop()).sort()).toEqual(['opus', 'opus', 'srt', 'srt']);
  });

  it('pins, unpins and deletes', async () => {
    expect((await run(['pin', 'r0'])).code).toBe(0);
    expect(JSON.parse((await run(['list', '--json'])).stdout)[1].pinned).toBe(true);
    expect((await run(['unpin', 'r0'])).code).toBe(0);
    expect((await run(['delete', 'r1'])).code).toBe(0);
    expect((await run(['list', '--json'])).stdout).not.toContain('"r1"');
    expect((await run(['delete', 'r1'])).code).toBe(2);
  });

  it('answers a bad command line with exit code 2 and a hint', async () => {
    for (const args of [['frobnicate'], ['search'], ['play'], ['export', 'r0'], ['list', '--limit', 'many'], ['list', '--bogus'], ['export', 'nope', '--out', dir]]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('aloud history');
    }
  });

  it('refuses a format it cannot write (mp3) instead of writing another, and writes nothing', async () => {
    const out = join(dir, 'mp3-refused');
    const r = await run(['export', 'r0', '--out', out, '--format', 'mp3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no MP3 export.*--format opus/);
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('refuses to write audio to a terminal', async () => {
    const stdout = Object.assign(new PassThrough(), { isTTY: true });
    const stderr = new PassThrough();
    expect(await runHistoryCommand(['play', 'r0'], { stdout, stderr }, { path })).toBe(2);
  });
});

describe('a library on a disk that cannot be written (issue 26, case 10)', () => {
  /** What list, search and play give on the library where it can be written: the same is wanted below. */
  async function reads(library: string) {
    const list = await run(['list'], library);
    const search = await run(['search', 'terns'], library);
    const play = await run(['play', 'r0'], library);
    return { list: [list.code, list.stdout, list.stderr], search: [search.code, search.stdout, search.stderr], play: [play.code, play.out.length, play.stderr] };
  }

  const readOnly = (() => {
    const source = mkdtempSync(join(tmpdir(), 'aloud-history-ro-'));
    return { source, mount: mountReadOnly(source) };
  })();
  afterAll(() => readOnly.mount?.unmount());

  it.runIf(readOnly.mount !== null)('read-only: list, search and play read the saved readings; a change says why in one sentence', async () => {
    copyFileSync(path, join(readOnly.source, 'library.sqlite'));
    const library = join(readOnly.mount!.path, 'library.sqlite');
    const wanted = await reads(path);
    expect(wanted.play[1]).toBeGreaterThan(1000);
    expect(await reads(library)).toEqual(wanted);
    for (const change of [['pin', 'r0'], ['delete', 'r0']]) {
      expect(await run(change, library)).toMatchObject({ code: 1, stdout: '', stderr: 'aloud history: the library cannot be changed: its disk is read-only.\n' });
    }
  });

  const disk = mountTinyDisk(1024);
  afterAll(() => disk?.unmount());

  it.runIf(disk !== null)('full: list, search and play read the saved readings; a change says the disk is full', async () => {
    const library = join(disk!.path, 'library.sqlite');
    copyFileSync(path, library);
    // Fill every block that is left.
    const block = Buffer.alloc(4096);
    for (let n = 0; ; n++) {
      try {
        writeFileSync(join(disk!.path, `filler-${n}`), block);
      } catch {
        break;
      }
    }
    expect(await reads(library)).toEqual(await reads(path));
    expect(await run(['unpin', 'r0'], library)).toMatchObject({ code: 1, stdout: '', stderr: 'aloud history: the library cannot be changed: the disk is full.\n' });
  });
});

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Chunk, WordTiming } from '../../../shared/chunk';
import { espeakChunks } from '../../../test/fakes/espeak-chunks';
import { mountTinyDisk } from '../../../test/support/tiny-disk';
import { openLibrary, type LibraryStore } from '../library-store';
import { startRecording } from '../recorder';
import { buildCues } from './captions';
import { writtenWords } from './written-words';
import { exportReading, exportReadings, readingWords } from './export-reading';

const TEXT = 'Export turns a reading into files. WAV for editors, Opus for pockets! Captions follow every word, even the long ones.';
let dir: string;
let lib: LibraryStore;
let live: Chunk[];
let liveMs: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aloud-export-'));
  lib = openLibrary({ path: join(dir, 'library.sqlite'), now: () => Date.UTC(2026, 10, 21, 19, 3) });
  live = espeakChunks('exp-1', TEXT);
  liveMs = live.reduce((a, c) => a + c.durationMs, 0);
  const rec = startRecording(lib, { id: 'exp-1', text: TEXT, provider: 'builtin', voice: 'en-us', synthRate: 1 });
  for (const c of live) rec.add(c);
  await rec.finish('complete');
});
afterAll(() => {
  lib.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Decodes any audio file with ffmpeg; its duration is what a player would play. */
function decodedMs(path: string): number {
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 's16le', '-ac', '1', '-ar', '48000', '-'], { maxBuffer: 1 << 28 });
  return (pcm.length / 2 / 48000) * 1000;
}

function save(name: string, bytes: Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('export to a disk that fills up', () => {
  const disk = mountTinyDisk(48);
  afterAll(() => disk?.unmount());

  it.runIf(disk !== null)('fails with ENOSPC and leaves no file behind, neither truncated nor .part', async () => {
    // The captions fit in 48 KiB; the WAV (about 400 KB) cannot.
    const folder = join(disk!.path, 'export');
    await expect(exportReadings(lib, ['exp-1'], folder, ['srt', 'wav'])).rejects.toMatchObject({ code: 'ENOSPC' });
    const left = readdirSync(folder);
    expect(left.filter((f) => f.endsWith('.wav') || f.endsWith('.part'))).toEqual([]);
    expect(left.filter((f) => f.endsWith('.srt'))).toHaveLength(1);
  });
});

describe('audio export', () => {
  it('writes a WAV that ffmpeg decodes to the clip duration within 50 ms', async () => {
    const f = await exportReading(lib, 'exp-1', 'wav');
    expect(f.ext).toBe('wav');
    const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,sample_rate,channels', '-of', 'csv=p=0', save('a.wav', f.bytes)]).toString().trim();
    expect(probe).toBe('pcm_s16le,22050,1');
    expect(Math.abs(decodedMs(join(dir, 'a.wav')) - liveMs)).toBeLessThan(50);
  });

  it('writes an Ogg Opus file from the stored packets that ffmpeg decodes to the clip duration within 50 ms', async () => {
    const f = await exportReading(lib, 'exp-1', 'compressed');
    expect(f.ext).toBe('opus');
    const path = save('a.opus', f.bytes);
    const probe = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,channels', '-of', 'csv=p=0', path]).toString().trim();
    expect(probe).toBe('opus,1');
    expect(Math.abs(decodedMs(path) - liveMs)).toBeLessThan(50);
    // Compact: about 32 kb/s plus Ogg framing.
    expect((f.bytes.length * 8) / (liveMs / 1000)).toBeLessThan(40_000);
  });

  it('exports a reading whose voice changed rate part way (a fallback) as one file at the first rate', async () => {
    const tail = espeakChunks('mixed', 'A fallback voice finishes the text.').map((c) => ({
      ...c,
      seq: c.seq + live.length,
      segment: c.segment + 10,
      startMs: c.startMs + liveMs,
      // The same samples declared at 16 kHz: a voice at another rate, 22050/16000 times longer.
      durationMs: c.durationMs * (22050 / 16000),
      audio: c.audio.kind === 'pcm' ? { ...c.audio, sampleRate: 16000 } : c.audio,
    }));
    const rec = startRecording(lib, { id: 'mixed', text: TEXT, provider: 'inworld', voice: 'Ashley', synthRate: 1 });
    for (const c of [...live, ...tail]) rec.add(c);
    await rec.finish('complete');
    const wantMs = liveMs + tail.reduce((a, c) => a + c.durationMs, 0);
    for (const format of ['wav', 'compressed'] as const) {
      const f = await exportReading(lib, 'mixed', format);
      expect(Math.abs(decodedMs(save(`mixed.${f.ext}`, f.bytes)) - wantMs)).toBeLessThan(50);
    }
  });

  it('keeps a provider\'s MP3 as it came', async () => {
    // A real MP3 made by ffmpeg from espeak-ng speech stands in for a provider's bytes.
    const wav = save('src.wav', (await exportReading(lib, 'exp-1', 'wav')).bytes);
    const mp3 = new Uint8Array(execFileSync('ffmpeg', ['-v', 'error', '-i', wav, '-f', 'mp3', '-b:a', '48k', '-']));
    const rec = startRecording(lib, { id: 'mp3-1', text: 'From a provider.', provider: 'elevenlabs', voice: 'Rachel', synthRate: 1 });
    rec.add({ readingId: 'mp3-1', segment: 0, seq: 0, startMs: 0, durationMs: liveMs, audio: { kind: 'encoded', mime: 'audio/mpeg', bytes: mp3 }, words: [] });
    await rec.finish('complete');
    const f = await exportReading(lib, 'mp3-1', 'compressed');
    expect(f.ext).toBe('mp3');
    expect(Buffer.from(f.bytes).equals(Buffer.from(mp3))).toBe(true);
    await expect(exportReading(lib, 'mp3-1', 'wav')).rejects.toThrow(/Cannot decode audio\/mpeg/);
  });
});

/** A strict SRT parser: numbered blocks, HH:MM:SS,mmm --> HH:MM:SS,mmm, one or two text lines, blank line between. */
function parseSrt(s: string): { startMs: number; endMs: number; text: string }[] {
  const blocks = s.split('\n\n');
  expect(s.endsWith('\n')).toBe(true);
  return blocks.map((b, i) => {
    const lines = b.replace(/\n$/, '').split('\n');
    expect(lines[0]).toBe(String(i + 1));
    const m = /^(\d\d):(\d\d):(\d\d),(\d\d\d) --> (\d\d):(\d\d):(\d\d),(\d\d\d)$/.exec(lines[1]!);
    expect(m, `bad SRT timing line: ${lines[1]}`).not.toBeNull();
    const t = (o: number) => +m![o]! * 3_600_000 + +m![o + 1]! * 60_000 + +m![o + 2]! * 1000 + +m![o + 3]!;
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThanOrEqual(4);
    for (const l of lines.slice(2)) expect(l.trim()).not.toBe('');
    return { startMs: t(1), endMs: t(5), text: lines.slice(2).join('\n') };
  });
}

/** A strict WebVTT parser for what we write: header, then timing line and text per cue. */
function parseVtt(s: string): { startMs: number; endMs: number; text: string }[] {
  expect(s.startsWith('WEBVTT\n\n')).toBe(true);
  return s
    .slice('WEBVTT\n\n'.length)
    .split('\n\n')
    .map((b) => {
      const lines = b.replace(/\n$/, '').split('\n');
      const m = /^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$/.exec(lines[0]!);
      expect(m, `bad VTT timing line: ${lines[0]}`).not.toBeNull();
      const t = (o: number) => +m![o]! * 3_600_000 + +m![o + 1]! * 60_000 + +m![o + 2]! * 1000 + +m![o + 3]!;
      for (const l of lines.slice(1)) expect(l).not.toContain('-->');
      return { startMs: t(1), endMs: t(5), text: lines.slice(1).join('\n') };
    });
}

describe('caption export', () => {
  let words: WordTiming[];
  beforeAll(() => {
    words = readingWords(lib, 'exp-1');
  });

  function checkAgainstWords(cues: { startMs: number; endMs: number; text: string }[]) {
    // Every word, in order, exactly once; each cue spans its words' times (to the millisecond).
    expect(cues.flatMap((c) => c.text.split(/\s+/))).toEqual(words.map((w) => w.text));
    let i = 0;
    for (const c of cues) {
      const n = c.text.split(/\s+/).length;
      const ws = words.slice(i, i + n);
      i += n;
      expect(Math.abs(c.startMs - ws[0]!.startMs)).toBeLessThanOrEqual(1);
      expect(c.endMs).toBeLessThanOrEqual(Math.round(ws.at(-1)!.endMs) + 1);
      expect(c.endMs).toBeGreaterThan(c.startMs);
      for (const line of c.text.split('\n')) expect(line.length).toBeLessThanOrEqual(42);
    }
    for (let k = 1; k < cues.length; k++) expect(cues[k]!.startMs).toBeGreaterThanOrEqual(cues[k - 1]!.endMs);
  }

  it('writes SRT whose cues parse strictly and match the word timings', async () => {
    const srt = new TextDecoder().decode((await exportReading(lib, 'exp-1', 'srt')).bytes);
    const cues = parseSrt(srt);
    expect(cues.length).toBeGreaterThanOrEqual(3); // at least one per sentence
    checkAgainstWords(cues);
  });

  it('writes WebVTT whose cues parse strictly and match the word timings', async () => {
    const vtt = new TextDecoder().decode((await exportReading(lib, 'exp-1', 'vtt')).bytes);
    checkAgainstWords(parseVtt(vtt));
  });

  it('breaks cues at sentence ends, long pauses, and the length and duration limits', () => {
    const text = `One. Two three ${'word '.repeat(30)}`;
    const times = [[0, 300], [350, 600], [1500, 1800], ...Array.from({ length: 30 }, (_, i) => [1800 + i * 100, 1900 + i * 100])];
    const spoken = [...text.matchAll(/\w+/g)].map((m, i) => ({ text: m[0], charStart: m.index, charEnd: m.index + m[0].length, startMs: times[i]![0]!, endMs: times[i]![1]!, segment: 0 }));
    const cues = buildCues(writtenWords(text, spoken));
    expect(cues[0]!.text).toBe('One.');
    expect(cues[1]!.text).toBe('Two');
    expect(cues.slice(2).every((c) => c.text.length <= 85 && c.endMs - c.startMs <= 6000)).toBe(true);
    expect(cues.slice(2).flatMap((c) => c.text.split(/\s+/))).toHaveLength(31);
    // Slower words: the 6 s limit ends a cue before the length does.
    const slow = buildCues(writtenWords(text, spoken.map((w, i) => ({ ...w, startMs: i * 1000, endMs: i * 1000 + 900 }))));
    expect(slow.every((c) => c.endMs - c.startMs <= 6000)).toBe(true);
  });
});

describe('text and folder export', () => {
  it('writes the text as it was read', async () => {
    expect(new TextDecoder().decode((await exportReading(lib, 'exp-1', 'txt')).bytes)).toBe(`${TEXT}\n`);
  });

  it('writes several readings into a folder, one named file per reading and format', async () => {
    const rec = startRecording(lib, { id: 'fold-2', text: 'From a provider.', provider: 'elevenlabs', voice: 'Rachel', synthRate: 1 });
    rec.add({ readingId: 'fold-2', segment: 0, seq: 0, startMs: 0, durationMs: 500, audio: { kind: 'encoded', mime: 'audio/mpeg', bytes: new Uint8Array([0xff, 0xfb, 1, 2]) }, words: [] });
    await rec.finish('complete');
    const out = join(dir, 'out');
    const paths = await exportReadings(lib, ['exp-1', 'fold-2'], out, ['compressed', 'txt']);
    const names = readdirSync(out).sort();
    const stamp = '\\d{4}-\\d\\d-\\d\\d-\\d{4}';
    const want = ['export-turns-a-reading-into-files-wav-exp1.opus', 'export-turns-a-reading-into-files-wav-exp1.txt', 'from-a-provider-fold2.mp3', 'from-a-provider-fold2.txt'];
    expect(names).toHaveLength(4);
    names.forEach((n, i) => expect(n).toMatch(new RegExp(`^${stamp}-${want[i]!.replace('.', '\\.')}$`)));
    expect(paths.sort()).toEqual(names.map((n) => join(out, n)));
    expect(readFileSync(join(out, names[3]!), 'utf8')).toBe('From a provider.\n');
  });
});

import { mkdtempSync, readFileSync, existsSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputClosedError, partialName, streamSink, WAV_MAX_DATA_BYTES, wavFileSink, WavTooLongError, writeAll } from './pcm-sinks';
import { parseWav } from '../../test/support/wav-file';
import { mountTinyDisk } from '../../test/support/tiny-disk';

const dir = mkdtempSync(join(tmpdir(), 'aloud-sinks-'));
const tone = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i / 10) * 0.5);

describe('streamSink', () => {
  it('waits for the stream to drain before accepting more (backpressure)', async () => {
    const received: Buffer[] = [];
    let release: (() => void) | null = null;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        received.push(chunk);
        release = cb;
      },
    });
    const sink = streamSink(slow);
    let accepted = false;
    const pending = sink.write(tone(4096), 22050, 1).then(() => (accepted = true));
    await new Promise((r) => setImmediate(r));
    expect(received).toHaveLength(1);
    expect(accepted).toBe(false); // 8 KB queued over a 1 KB high-water mark
    release!();
    await pending;
    expect(accepted).toBe(true);
    expect(Buffer.concat(received).length).toBe(8192);
    await sink.finish();
  });

  it('reports a closed pipe as OutputClosedError, not a crash', async () => {
    const broken = new Writable({
      write(_c, _e, cb) {
        const err: NodeJS.ErrnoException = new Error('write EPIPE');
        err.code = 'EPIPE';
        cb(err);
      },
    });
    const sink = streamSink(broken);
    await sink.write(tone(10), 22050, 1).catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    await expect(sink.write(tone(10), 22050, 1)).rejects.toBeInstanceOf(OutputClosedError);
  });

  it('refuses a change of sample rate mid-stream', async () => {
    const sink = streamSink(new Writable({ write: (_c, _e, cb) => cb() }));
    await sink.write(tone(10), 22050, 1);
    await expect(sink.write(tone(10), 24000, 1)).rejects.toThrow(/changed format/);
  });
});

describe('wavFileSink', () => {
  it('writes every sample and a header whose sizes match', async () => {
    const path = join(dir, 'a.wav');
    const sink = wavFileSink(path);
    await sink.write(tone(1000), 22050, 1);
    await sink.write(tone(2050), 22050, 1);
    await sink.finish();
    const wav = parseWav(readFileSync(path));
    expect(wav).toMatchObject({ sampleRate: 22050, channels: 1, frames: 3050 });
    expect(readFileSync(path).length).toBe(44 + 3050 * 2);
  });

  it('writes under a partial name in the same folder and takes the name only when whole (issue 26, case 6)', async () => {
    const path = join(dir, 'whole.wav');
    writeFileSync(path, 'an older file, kept until the new one is whole');
    const sink = wavFileSink(path);
    await sink.write(tone(1000), 22050, 1);
    // Mid-way, the name still holds the old file; the new one is beside it under another name.
    expect(readFileSync(path, 'utf8')).toBe('an older file, kept until the new one is whole');
    expect(dirname(partialName(path))).toBe(dir);
    expect(existsSync(partialName(path))).toBe(true);
    await sink.finish();
    expect(parseWav(readFileSync(path))).toMatchObject({ frames: 1000 });
    expect(existsSync(partialName(path))).toBe(false);
  });

  it('removes a partial file when the reading fails, and creates none before audio arrives', async () => {
    const path = join(dir, 'b.wav');
    const sink = wavFileSink(path);
    await sink.write(tone(100), 16000, 1);
    expect(existsSync(partialName(path))).toBe(true);
    await sink.abort();
    expect(existsSync(path)).toBe(false);
    expect(existsSync(partialName(path))).toBe(false);

    const never = wavFileSink(join(dir, 'c.wav'));
    await never.abort();
    expect(existsSync(join(dir, 'c.wav'))).toBe(false);
  });
});

describe('a reading too long for one WAV', () => {
  it('is refused as it reaches the limit, in words, and writeAll removes the partial file (no size field wraps)', async () => {
    const path = join(dir, 'too-long.wav');
    // The real limit is 4 GiB; a small one shows the same path.
    const sink = wavFileSink(path, 4000);
    const error = await writeAll(sink, async () => {
      for (let i = 0; i < 10; i++) await sink.write(tone(500), 16000, 1);
      return 'finished';
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WavTooLongError);
    expect((error as Error).message).toMatch(/would pass the 4 GiB a WAV file can hold.*split the text/);
    expect(existsSync(path)).toBe(false);
  });

  it('takes exactly the limit', async () => {
    const path = join(dir, 'at-limit.wav');
    const sink = wavFileSink(path, 4000);
    expect(await writeAll(sink, async () => (await sink.write(tone(2000), 16000, 1), 'finished'))).toBe(0);
    expect(parseWav(readFileSync(path))).toMatchObject({ frames: 2000 });
  });

  it('is set by the 32-bit sizes of the format', () => {
    expect(WAV_MAX_DATA_BYTES + 36).toBe(2 ** 32 - 1);
  });
});

describe('writeAll', () => {
  it('finishes the file when the writing finishes, and removes it when stopped or failed', async () => {
    const done = wavFileSink(join(dir, 'done.wav'));
    expect(await writeAll(done, async () => (await done.write(tone(500), 16000, 1), 'finished'))).toBe(0);
    expect(parseWav(readFileSync(join(dir, 'done.wav')))).toMatchObject({ frames: 500 });
    const stopped = wavFileSink(join(dir, 'stopped.wav'));
    expect(await writeAll(stopped, async () => (await stopped.write(tone(500), 16000, 1), 'stopped'))).toBe(130);
    expect(existsSync(join(dir, 'stopped.wav'))).toBe(false);
    const failed = wavFileSink(join(dir, 'failed.wav'));
    await expect(writeAll(failed, async () => (await failed.write(tone(500), 16000, 1), Promise.reject(new Error('voice failed'))))).rejects.toThrow('voice failed');
    expect(existsSync(join(dir, 'failed.wav'))).toBe(false);
  });

  it('takes a reader that closed the pipe (| head) as no failure', async () => {
    const sink = wavFileSink(join(dir, 'closed.wav'));
    expect(await writeAll(sink, () => Promise.reject(new OutputClosedError('the output was closed')))).toBe(0);
  });
});

describe('a WAV on a disk that fills up', () => {
  const disk = mountTinyDisk(64);
  afterAll(() => disk?.unmount());

  it.runIf(disk !== null)('fails with ENOSPC, leaves no file, and keeps no handle open on the disk (its space is freed)', async () => {
    const path = join(disk!.path, 'full.wav');
    const sink = wavFileSink(path);
    const error = await writeAll(sink, async () => {
      for (let i = 0; i < 100; i++) await sink.write(tone(22050), 22050, 1);
      return 'finished';
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENOSPC', path });
    expect(readdirSync(disk!.path)).toEqual([]);
    const open = readdirSync('/proc/self/fd').map((fd) => { try { return readlinkSync(`/proc/self/fd/${fd}`); } catch { return ''; } });
    expect(open.filter((f) => f.startsWith(disk!.path))).toEqual([]);
  });
});

// Where the command line's audio goes: raw s16le to a stream (stdout), or a WAV file.
import { once } from 'node:events';
import { rmSync, statSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { encodeS16le } from '../../shared/audio/pcm';
import { wavHeader } from '../../shared/audio/wav';
import { SincResampler } from '../history/audio/sinc-resampler';

const floatToS16le = (samples: Float32Array): Buffer => Buffer.from(encodeS16le(samples).buffer);

export interface PcmSink {
  /** Resolves once the bytes are accepted (a stream's backpressure is respected). */
  write(samples: Float32Array, sampleRate: number, channels: number): Promise<void>;
  /** Completes the output (a WAV file gets its final sizes). */
  finish(): Promise<void>;
  /** Gives up: a partial file is removed. */
  abort(): Promise<void>;
}

/** One format per output: a change of sample rate or channel count mid-stream would garble it. */
function formatGuard() {
  let format: { sampleRate: number; channels: number } | null = null;
  return (sampleRate: number, channels: number) => {
    if (!format) format = { sampleRate, channels };
    else if (format.sampleRate !== sampleRate || format.channels !== channels) {
      throw new Error(`The voice changed format mid-stream (${format.sampleRate} Hz x${format.channels} to ${sampleRate} Hz x${channels}).`);
    }
    return format;
  };
}

/** The stream closed under us (`aloud say ... | head -c 100`): not an error worth a message. */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
}

/**
 * Raw PCM to a stream. With `sampleRate`, audio of another rate is resampled to it (a stream has no
 * header to say its rate, so the one documented must hold for every voice).
 */
export function streamSink(stream: NodeJS.WritableStream, options: { sampleRate?: number } = {}): PcmSink {
  const check = formatGuard();
  let resampler: SincResampler | null = null;
  let failure: Error | null = null;
  const onError = (err: NodeJS.ErrnoException) => {
    failure = err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED' ? new OutputClosedError(err.message) : err;
  };
  stream.on('error', onError);
  const closed = new Promise<void>((resolve) => stream.once('close', resolve));
  return {
    async write(samples, sampleRate, channels) {
      check(sampleRate, channels);
      if (failure) throw failure;
      const wanted = options.sampleRate;
      if (wanted !== undefined && sampleRate !== wanted) resampler ??= new SincResampler(sampleRate, wanted, channels);
      if (!stream.write(floatToS16le(resampler ? resampler.push(samples) : samples))) {
        // Wait until the reader catches up, or the stream fails or closes.
        await Promise.race([once(stream, 'drain'), closed]);
      }
      if (failure) throw failure;
    },
    // The error listener stays: a write still in flight may fail after we are done (EPIPE), and an
    // unheard 'error' event would crash the process.
    async finish() {
      if (failure) throw failure;
      const tail = resampler?.flush();
      if (tail && tail.length > 0) stream.write(floatToS16le(tail));
    },
    async abort() {},
  };
}

/** The most sample bytes a WAV's 32-bit sizes can count (RIFF size = 36 + data size). */
export const WAV_MAX_DATA_BYTES = 0xffffffff - 36;

/** A reading too long for one WAV file: refused as it reaches the limit, never a header that wraps. */
export class WavTooLongError extends Error {
  override readonly name = 'WavTooLongError';
}

/**
 * The name a file is written under until it is whole: hidden, in the same folder, so the rename that
 * completes it is atomic (a crash, kill -9 or full disk never leaves a half-written WAV under its name).
 */
export function partialName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.part`);
}

/** A device or a pipe (`--out /dev/stdout`) is written as it is: it cannot be replaced by a rename. */
function isSpecialFile(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false; // not there yet: a file to create
  }
}

/** `maxDataBytes`: the WAV limit (smaller in tests). */
export function wavFileSink(path: string, maxDataBytes = WAV_MAX_DATA_BYTES): PcmSink {
  const check = formatGuard();
  const direct = isSpecialFile(path);
  const target = direct ? path : partialName(path);
  let handle: FileHandle | null = null;
  let format: { sampleRate: number; channels: number } | null = null;
  let dataBytes = 0;
  let opening: Promise<FileHandle> | null = null;
  // Errors name the file the person asked for, not the partial one behind it (a write's error names none).
  const named = <T>(work: Promise<T>): Promise<T> =>
    work.catch((e: unknown) => {
      if (e && typeof e === 'object' && 'code' in e) Object.assign(e, { path });
      throw e;
    });
  // A process that exits part way (a second Ctrl+C, an error nobody caught) takes its partial file with it.
  const removeOnExit = () => rmSync(target, { force: true });
  // Open only when audio arrives, so a failed reading leaves no empty file behind...
  const file = () => (opening ??= named(open(target, 'w')).then(async (h) => {
    handle = h;
    if (!direct) process.on('exit', removeOnExit);
    await named(h.write(wavHeader(format!.sampleRate, format!.channels, 0), 0, 44, 0));
    return h;
  }));
  return {
    async write(samples, sampleRate, channels) {
      format = check(sampleRate, channels);
      const h = await file();
      const bytes = floatToS16le(samples);
      if (dataBytes + bytes.length > maxDataBytes) {
        const hours = maxDataBytes / (2 * channels * sampleRate) / 3600;
        throw new WavTooLongError(`${path} would pass the 4 GiB a WAV file can hold (about ${Math.floor(hours)} hours at this sample rate): split the text, or pipe the raw audio instead of --out.`);
      }
      await named(h.write(bytes, 0, bytes.length, 44 + dataBytes));
      dataBytes += bytes.length;
    },
    async finish() {
      // ...but a reading that finished with no audio at all still gets a valid (empty) file.
      format ??= { sampleRate: 22050, channels: 1 };
      const h = await file();
      await named(h.write(wavHeader(format.sampleRate, format.channels, dataBytes), 0, 44, 0));
      await named(h.close());
      if (direct) return;
      // Whole: it takes its name only now.
      await named(rename(target, path));
      process.removeListener('exit', removeOnExit);
    },
    async abort() {
      if (!opening) return;
      // Opened, then failed (a full disk refusing even the header): the handle is closed all the same.
      await opening.catch(() => undefined);
      await (handle as FileHandle | null)?.close().catch(() => undefined);
      if (handle && !direct) await rm(target, { force: true });
      process.removeListener('exit', removeOnExit);
    },
  };
}

/**
 * Writes into `sink` until `write` settles: finished, the sink is finished (exit code 0); stopped
 * (Ctrl+C), the partial output is removed (130); failed, removed and the error thrown on. A reader of
 * the pipe that has had enough (`| head`) is no failure (0).
 */
export async function writeAll(sink: PcmSink, write: () => Promise<'finished' | 'stopped'>): Promise<0 | 130> {
  try {
    if ((await write()) === 'stopped') {
      await sink.abort();
      return 130;
    }
    await sink.finish();
    return 0;
  } catch (e) {
    await sink.abort();
    if (e instanceof OutputClosedError) return 0;
    throw e;
  }
}

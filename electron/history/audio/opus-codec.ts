// Opus encoding and decoding of speech for the library (libopus via opusscript, wasm, no native build).
// The encoder takes float PCM at the voice's own rate, resamples to the nearest Opus rate and emits
// 20 ms packets; it yields to the event loop between small batches so the main process never stalls.
import OpusScript from 'opusscript';
import { joinFloat32 } from '../../../shared/audio/pcm';
import { SincResampler } from './sinc-resampler';

type OpusRate = 8000 | 12000 | 16000 | 24000 | 48000;
const OPUS_RATES: OpusRate[] = [8000, 12000, 16000, 24000, 48000];
const CTL_SET_COMPLEXITY = 4010;
const CTL_SET_SIGNAL = 4024;
const SIGNAL_VOICE = 3001;
/**
 * libopus's effort (0-10). Measured on a minute of the built-in voice at 32 kb/s here: 5 took 9.4 ms
 * per second of audio, 1 took 5.3 ms, for 0.4 dB less SNR (10.0 against 9.6 dB; 10 gave the same as 5).
 * Encoding is most of what saving costs, and `say --out` saves as fast as the voice speaks.
 */
const COMPLEXITY = 1;

/** 32 kb/s mono is transparent for speech and about 14 MB per hour. */
export const DEFAULT_OPUS_BITRATE = 32_000;

/** The lowest Opus rate that keeps the whole band of a voice at this rate. */
export function opusRateFor(sampleRate: number): OpusRate {
  return OPUS_RATES.find((r) => r >= sampleRate) ?? 48000;
}

/** Encoder lookahead (2.5 ms + 4 ms delay compensation), the Ogg pre-skip, at the Opus rate. */
export function opusLookahead(opusRate: number): number {
  return (opusRate / 400) + (opusRate / 250);
}

export interface OpusEncoderOptions {
  sampleRate: number;
  channels: number;
  bitrate?: number;
  /** Encode at most this many ms of work before yielding to the event loop. */
  sliceMs?: number;
}

export class OpusStreamEncoder {
  readonly opusRate: OpusRate;
  readonly frameSize: number;
  /** Samples (per channel, at the Opus rate) the decoder must drop from the start. */
  readonly preSkip: number;
  private readonly opus: OpusScript;
  private readonly resampler: SincResampler;
  private pending: Float32Array = new Float32Array(0);
  /** Real samples per channel fed to Opus so far, at the Opus rate (excluding padding). */
  samplesIn = 0;
  private closed = false;
  private readonly sliceMs: number;

  constructor(readonly options: OpusEncoderOptions) {
    this.opusRate = opusRateFor(options.sampleRate);
    this.frameSize = this.opusRate / 50;
    this.preSkip = opusLookahead(this.opusRate);
    this.opus = new OpusScript(this.opusRate, options.channels, OpusScript.Application.AUDIO);
    this.opus.setBitrate(options.bitrate ?? DEFAULT_OPUS_BITRATE);
    this.opus.encoderCTL(CTL_SET_COMPLEXITY, COMPLEXITY);
    this.opus.encoderCTL(CTL_SET_SIGNAL, SIGNAL_VOICE);
    this.resampler = new SincResampler(options.sampleRate, this.opusRate, options.channels);
    this.sliceMs = options.sliceMs ?? 4;
  }

  /**
   * Encodes interleaved float PCM at the input rate; returns the packets completed so far. A long
   * chunk (a voice's whole sentence, many seconds) is resampled a second at a time, giving the event
   * loop back in between: resampling 30 s in one go held the main process for over 100 ms.
   */
  async encode(pcm: Float32Array): Promise<Uint8Array[]> {
    // A quarter of a second at a time: a whole second, resampled while the code was still cold, held the main process 65 ms.
    const step = Math.round(this.options.sampleRate / 4) * this.options.channels;
    const packets: Uint8Array[] = [];
    for (let at = 0; at < pcm.length; at += step) {
      if (at > 0) await new Promise<void>((r) => setImmediate(r));
      const resampled = this.resampler.push(pcm.subarray(at, at + step));
      this.samplesIn += resampled.length / this.options.channels;
      packets.push(...(await this.encodeFrames(resampled, false)));
    }
    return packets;
  }

  /** Encodes what remains, padded with silence past the lookahead so every real sample comes out. */
  async finish(): Promise<Uint8Array[]> {
    const tail = this.resampler.flush();
    this.samplesIn += tail.length / this.options.channels;
    const packets = await this.encodeFrames(tail, true);
    this.close();
    return packets;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.opus.delete();
  }

  private async encodeFrames(more: Float32Array, final: boolean): Promise<Uint8Array[]> {
    const ch = this.options.channels;
    let buf = join(this.pending, more);
    if (final) {
      const needed = buf.length / ch + this.preSkip;
      const frames = Math.ceil(needed / this.frameSize);
      buf = join(buf, new Float32Array(frames * this.frameSize * ch - buf.length));
    }
    const frameLen = this.frameSize * ch;
    const packets: Uint8Array[] = [];
    const pcm16 = Buffer.alloc(frameLen * 2);
    let o = 0;
    let sliceStart = performance.now();
    for (; o + frameLen <= buf.length; o += frameLen) {
      for (let i = 0; i < frameLen; i++) {
        const s = Math.max(-1, Math.min(1, buf[o + i]!));
        pcm16.writeInt16LE(Math.round(s * 32767), i * 2);
      }
      packets.push(new Uint8Array(this.opus.encode(pcm16, this.frameSize)));
      if (performance.now() - sliceStart > this.sliceMs) {
        await new Promise<void>((r) => setImmediate(r));
        sliceStart = performance.now();
      }
    }
    this.pending = buf.slice(o);
    return packets;
  }
}

/**
 * Makes libopus (wasm) and the resampler ready before the first reading is saved: their first use
 * compiles and instantiates the wasm and warms the code, 40-60 ms in one piece on the main process.
 */
export async function warmUpOpus(): Promise<void> {
  const encoder = new OpusStreamEncoder({ sampleRate: 22050, channels: 1 });
  try {
    await encoder.encode(new Float32Array(22050 / 5));
    await encoder.finish();
  } finally {
    encoder.close();
  }
}

export interface OpusDecoderOptions {
  opusRate: number;
  channels: number;
  preSkip: number;
  /** The rate to hand back (the voice's own rate). */
  outRate: number;
}

/** Decodes a packet stream back to float PCM at the voice's rate, dropping the encoder's lookahead. */
export class OpusStreamDecoder {
  private readonly opus: OpusScript;
  private readonly resampler: SincResampler;
  private skip: number;
  private closed = false;

  constructor(readonly options: OpusDecoderOptions) {
    if (!OPUS_RATES.includes(options.opusRate as OpusRate)) throw new Error(`not an Opus rate: ${options.opusRate}`);
    this.opus = new OpusScript(options.opusRate as OpusRate, options.channels, OpusScript.Application.AUDIO);
    this.resampler = new SincResampler(options.opusRate, options.outRate, options.channels);
    this.skip = options.preSkip;
  }

  decode(packets: Uint8Array[]): Float32Array {
    const ch = this.options.channels;
    const parts: Float32Array[] = [];
    for (const p of packets) {
      const bytes = this.opus.decode(Buffer.from(p.buffer, p.byteOffset, p.byteLength));
      const n = bytes.length / 2;
      const drop = Math.min(this.skip * ch, n);
      this.skip -= drop / ch;
      const f = new Float32Array(n - drop);
      for (let i = drop; i < n; i++) f[i - drop] = bytes.readInt16LE(i * 2) / 32768;
      parts.push(f);
    }
    return this.resampler.push(joinFloat32(parts));
  }

  /** The resampler's tail; call once after the last packet. */
  finish(): Float32Array {
    const tail = this.resampler.flush();
    this.close();
    return tail;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.opus.delete();
  }
}

function join(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}


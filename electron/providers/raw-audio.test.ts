// The raw-audio decoder over WAV framings the services send: one WAV, WAVs back to back, and a WAV
// whose header declares fewer samples than follow (a live stream that cannot know its length).
import { encodeS16le } from '../../shared/audio/pcm';
import { wavHeader } from '../../shared/audio/wav';
import { decodeRawAudio } from './raw-audio';

const tone = (n: number, phase = 0) => Float32Array.from({ length: n }, (_, i) => Math.round(Math.sin((i + phase) / 7) * 16000) / 32768);

async function decode(bytes: Uint8Array, pieceBytes: number): Promise<number[]> {
  async function* pieces() {
    for (let at = 0; at < bytes.length; at += pieceBytes) yield bytes.subarray(at, at + pieceBytes);
  }
  const out: number[] = [];
  for await (const p of decodeRawAudio('test', pieces(), 'sniff', 24000)) out.push(...p.samples);
  return out;
}

const join = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

describe('raw audio decoding', () => {
  const a = tone(3000);
  const b = tone(2000, 50);
  // Whole 16-bit values (| 0 also makes -0 plain 0).
  const expected = [...a, ...b].map((v) => Math.round(v * 32768) | 0);
  const heard = (samples: number[]) => samples.map((v) => Math.round(v * 32768) | 0);

  it.each([1, 7, 44, 4096])('reads WAVs back to back, headers played as nothing, in pieces of %i bytes', async (piece) => {
    const bytes = join(wavHeader(24000, 1, a.length * 2), encodeS16le(a), wavHeader(24000, 1, b.length * 2), encodeS16le(b));
    expect(heard(await decode(bytes, piece))).toEqual(expected);
    const unknown = join(wavHeader(24000, 1, 0xffffffff), encodeS16le(a), wavHeader(24000, 1, 0xffffffff), encodeS16le(b));
    expect(heard(await decode(unknown, piece))).toEqual(expected);
  });

  it.each([1, 5, 4096])('plays on past a header that declared fewer samples than follow, in pieces of %i bytes', async (piece) => {
    const bytes = join(wavHeader(24000, 1, 1000), encodeS16le(a), encodeS16le(b));
    expect(heard(await decode(bytes, piece))).toEqual(expected);
  });
});

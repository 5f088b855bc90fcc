// The Ogg Opus reader against real files made by ffmpeg (libopus), fed in uneven pieces.
import { f32Bytes, ffmpegEncodeF32, pushInPieces, toneF32 } from '../../test/support/ffmpeg-encode';
import { OggOpusReader, oggCrc, opusPacketSamples } from './ogg-pages';

const RATE = 22050;
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('Ogg Opus reader', () => {
  const input = toneF32(RATE * 2 + 77, RATE);
  const ogg = ffmpegEncodeF32(f32Bytes(input), RATE, ['-c:a', 'libopus', '-b:a', '48k', '-f', 'ogg']);

  it('packets in any split, their 48 kHz lengths, the pre-skip and the end granule', () => {
    const reader = new OggOpusReader();
    const packets = pushInPieces(ogg, (b) => reader.push(b));
    // ffmpeg hands libopus 24 kHz, the Opus rate nearest the input's 22.05 kHz.
    expect(reader.head).toMatchObject({ channels: 1, inputSampleRate: 24000 });
    expect(reader.head!.preSkip).toBeGreaterThan(0);
    expect(String.fromCharCode(...reader.head!.bytes.subarray(0, 8))).toBe('OpusHead');
    const total = packets.reduce((n, p) => n + p.samples, 0);
    const expected = Math.round((input.length * 48000) / RATE);
    // The granule of the last page is where the audio ends: pre-skip plus the input's length.
    expect(Math.abs(reader.endGranule! - reader.head!.preSkip - expected)).toBeLessThanOrEqual(1);
    expect(reader.lastGranule).toBe(reader.endGranule);
    // The packets hold that, plus at most one packet of padding.
    expect(total).toBeGreaterThanOrEqual(reader.endGranule!);
    expect(total - reader.endGranule!).toBeLessThan(960 * 3);
    const whole = new OggOpusReader().push(ogg);
    expect(packets.map((p) => p.bytes)).toEqual(whole.map((p) => p.bytes));
  });

  it('checks each page\'s CRC: a damaged page is dropped and the next one found', () => {
    const pages = pageOffsets(ogg);
    expect(pages.length).toBeGreaterThan(3);
    const good = new OggOpusReader().push(ogg);
    const damaged = ogg.slice();
    const hit = pages[2]! + 40; // a byte in the body of the first audio page
    damaged[hit] = damaged[hit]! ^ 0x5a;
    const reader = new OggOpusReader();
    const got = reader.push(damaged);
    expect(got.length).toBeLessThan(good.length);
    // What the damaged page held is gone; every packet after it is read as before.
    expect(got.slice(-5).map((p) => p.bytes)).toEqual(good.slice(-5).map((p) => p.bytes));
    expect(reader.endGranule).toBe(readerEnd(ogg));
  });

  it('refuses a stream that does not start with OpusHead', () => {
    const body = ascii('OpusTagz-------------');
    const page = new Uint8Array(27 + 1 + body.length);
    page.set(ascii('OggS'), 0);
    page[5] = 0x02;
    page[26] = 1;
    page[27] = body.length;
    page.set(body, 28);
    new DataView(page.buffer).setUint32(22, oggCrc(page), true);
    expect(() => new OggOpusReader().push(page)).toThrow(/not an Ogg Opus stream/);
  });
});

describe('Opus packet lengths (TOC byte)', () => {
  it.each([
    ['SILK 20 ms, one frame', [(1 << 3) | 0], 960],
    ['hybrid 10 ms, two frames', [(12 << 3) | 1], 960],
    ['CELT 2.5 ms, code 3 with 5 frames', [(16 << 3) | 3, 5], 600],
    ['CELT 20 ms, two frames of different sizes', [(19 << 3) | 2], 1920],
  ])('%s', (_name, toc, samples) => {
    expect(opusPacketSamples(Uint8Array.from(toc))).toBe(samples);
  });
});

function pageOffsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let at = 0; at < bytes.length; ) {
    out.push(at);
    const count = bytes[at + 26]!;
    let size = 0;
    for (let i = 0; i < count; i++) size += bytes[at + 27 + i]!;
    at += 27 + count + size;
  }
  return out;
}

function readerEnd(bytes: Uint8Array): number | null {
  const r = new OggOpusReader();
  r.push(bytes);
  return r.endGranule;
}

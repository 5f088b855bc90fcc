// The library's Ogg muxer read back by the one Ogg reader (every page's CRC checked) and by ffmpeg.
import { spawnSync } from 'node:child_process';
import { OggOpusReader } from '../../../shared/audio/ogg-pages';
import { muxOggOpus } from '../../../shared/audio/ogg-opus-writer';
import { packPackets, unpackPackets } from './packed-packets';
import { OpusStreamEncoder } from './opus-codec';

describe('Ogg Opus muxer', () => {
  it('writes pages the reader accepts whole: same packets, pre-skip, and an end granule that trims to the length', async () => {
    const rate = 24000;
    const samples = Float32Array.from({ length: rate + 1234 }, (_, i) => 0.4 * Math.sin((2 * Math.PI * 330 * i) / rate));
    const enc = new OpusStreamEncoder({ sampleRate: rate, channels: 1 });
    const packets = [...(await enc.encode(samples)), ...(await enc.finish())];
    const total48k = (samples.length * 48000) / rate;
    const ogg = muxOggOpus({ channels: 1, preSkip: enc.preSkip, inputSampleRate: rate }, packets, total48k);

    const reader = new OggOpusReader();
    const read = reader.push(ogg);
    expect(read.map((p) => p.bytes)).toEqual(packets);
    expect(reader.head).toMatchObject({ channels: 1, preSkip: enc.preSkip, inputSampleRate: rate });
    expect(reader.endGranule).toBe(enc.preSkip + total48k);

    // ffmpeg agrees on the length (it applies the pre-skip and the end granule).
    const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', 'pipe:0', '-f', 'f32le', '-ar', '48000', 'pipe:1'], { input: ogg, maxBuffer: 1 << 26 });
    expect(r.status).toBe(0);
    expect(r.stdout.length / 4).toBe(total48k);
  });

  it('packs packets for the library and unpacks them unchanged', () => {
    const packets = [Uint8Array.of(1, 2, 3), new Uint8Array(0), new Uint8Array(700).fill(9)];
    expect(unpackPackets(packPackets(packets))).toEqual(packets);
  });
});

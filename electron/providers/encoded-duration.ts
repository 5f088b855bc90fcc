// How much audio a piece of an MP3 or Ogg Opus stream holds, without decoding it. A chunk's
// duration is needed to place the next chunk on the reading's clock; timestamps cannot give it
// (they end at the last word, not at the end of the audio), the container framing can:
// MP3 frames hold a fixed number of samples, Ogg pages carry the sample position (granule).
// A unit (frame or page) counts in the chunk that completes it, so the sum over a stream is exact.
import { Mp3FrameReader } from '../../shared/audio/mp3-frames';
import { OggOpusReader } from '../../shared/audio/ogg-pages';

export interface DurationCounter {
  /** Milliseconds of audio completed by these bytes. */
  push(bytes: Uint8Array): number;
}

export function createDurationCounter(mime: string): DurationCounter | undefined {
  const m = mime.toLowerCase();
  if (m.startsWith('audio/mpeg') || m.startsWith('audio/mp3')) return createMp3DurationCounter();
  if (m.startsWith('audio/ogg') || m.startsWith('audio/opus')) return createOggOpusDurationCounter();
  return undefined;
}

function createMp3DurationCounter(): DurationCounter {
  const reader = new Mp3FrameReader();
  return {
    push: (bytes) => reader.push(bytes).reduce((ms, f) => ms + (f.samples / f.sampleRate) * 1000, 0),
  };
}

function createOggOpusDurationCounter(): DurationCounter {
  const reader = new OggOpusReader();
  let doneMs = 0; // audio counted so far: the latest granule net of pre-skip
  return {
    push(bytes) {
      reader.push(bytes);
      const before = doneMs;
      if (reader.head && reader.lastGranule !== null) doneMs = Math.max(doneMs, (Math.max(0, reader.lastGranule - reader.head.preSkip) / 48000) * 1000);
      return doneMs - before;
    },
  };
}

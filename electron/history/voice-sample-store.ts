// The voice picker's samples, kept in the library's database beside the readings but apart from them
// (migration 005): one clip per voice and sentence. PCM is kept as 16-bit samples (half the size of
// the float samples, and all a short sample needs); encoded audio as the provider sent it.
import type { Database } from 'better-sqlite3';
import type { AudioPayload } from '../../shared/chunk';
import { decodePcm, encodeS16le } from '../../shared/audio/pcm';

interface SampleRow {
  kind: 'pcm' | 'encoded';
  mime: string | null;
  sample_rate: number | null;
  channels: number | null;
  audio: Buffer;
}

export class VoiceSampleStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** The saved sample of `voice` saying `text`, if any. */
  get(voice: string, text: string): AudioPayload | undefined {
    const row = this.db.prepare(`SELECT kind, mime, sample_rate, channels, audio FROM voice_samples WHERE voice = ? AND text = ?`).get(voice, text) as SampleRow | undefined;
    if (!row) return undefined;
    const bytes = new Uint8Array(row.audio.buffer, row.audio.byteOffset, row.audio.byteLength);
    if (row.kind === 'encoded') return { kind: 'encoded', mime: row.mime ?? 'application/octet-stream', bytes: bytes.slice() };
    return { kind: 'pcm', sampleRate: row.sample_rate ?? 0, channels: row.channels ?? 1, samples: decodePcm(bytes, 's16le') };
  }

  /** Keeps `audio` as the sample of `voice` saying `text` (replacing an older one). */
  put(voice: string, text: string, audio: AudioPayload): void {
    const pcm = audio.kind === 'pcm';
    this.db
      .prepare(
        `INSERT OR REPLACE INTO voice_samples (voice, text, created_at, kind, mime, sample_rate, channels, audio) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(voice, text, this.now(), audio.kind, pcm ? null : audio.mime, pcm ? audio.sampleRate : null, pcm ? audio.channels : null, pcm ? encodeS16le(audio.samples) : audio.bytes);
  }
}

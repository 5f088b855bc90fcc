// Voice samples: the short sentence each voice says in the voice picker, kept so that hearing a cloud
// voice again costs nothing and works offline. One clip per voice and sentence, apart from the
// readings: a sample is not a reading (the list, search, export and the size limit never see it).
import type { Migration } from './migration';

export const migration005: Migration = {
  version: 5,
  name: 'voice-samples',
  up(db) {
    db.exec(`
      CREATE TABLE voice_samples (
        voice TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        -- 'pcm' (16-bit little-endian, interleaved) or 'encoded' (the provider's own bytes, of 'mime').
        kind TEXT NOT NULL CHECK (kind IN ('pcm', 'encoded')),
        mime TEXT,
        sample_rate INTEGER,
        channels INTEGER,
        audio BLOB NOT NULL,
        PRIMARY KEY (voice, text)
      ) STRICT;
    `);
  },
};

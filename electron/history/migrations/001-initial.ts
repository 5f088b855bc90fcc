// The first library schema. Shaped by its queries: newest-first pages (created_at index), FTS5 search
// over the text, filters by provider/voice/date, replay in chunk order, trimming oldest unpinned by size.
import type { Migration } from './migration';

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE readings (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        text TEXT NOT NULL,
        provider TEXT NOT NULL,
        voice TEXT NOT NULL,
        rate REAL NOT NULL,
        settings TEXT NOT NULL DEFAULT '{}',
        cache_key TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'partial', 'stopped')),
        writer_pid INTEGER,
        duration_ms REAL NOT NULL DEFAULT 0,
        chunk_count INTEGER NOT NULL DEFAULT 0,
        audio_bytes INTEGER NOT NULL DEFAULT 0,
        pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1))
      ) STRICT;
      CREATE INDEX readings_created ON readings (created_at DESC, id DESC);
      CREATE INDEX readings_provider ON readings (provider, created_at DESC);
      CREATE INDEX readings_voice ON readings (voice, created_at DESC);
      CREATE INDEX readings_cache ON readings (cache_key, created_at DESC) WHERE status = 'complete';
      CREATE INDEX readings_trim ON readings (pinned, created_at);
      CREATE INDEX readings_recording ON readings (status) WHERE status = 'recording';

      -- One Opus stream per run of PCM in one format (a fallback voice at another rate starts a new one).
      CREATE TABLE audio_streams (
        reading_rid INTEGER NOT NULL REFERENCES readings (rid) ON DELETE CASCADE,
        stream_no INTEGER NOT NULL,
        codec TEXT NOT NULL CHECK (codec IN ('opus')),
        sample_rate INTEGER NOT NULL,
        codec_rate INTEGER NOT NULL,
        channels INTEGER NOT NULL,
        pre_skip INTEGER NOT NULL,
        PRIMARY KEY (reading_rid, stream_no)
      ) STRICT;

      -- Packed Opus packets (u16 length + bytes), appended as the reading streams.
      CREATE TABLE audio_blocks (
        reading_rid INTEGER NOT NULL,
        stream_no INTEGER NOT NULL,
        block_no INTEGER NOT NULL,
        packets BLOB NOT NULL,
        PRIMARY KEY (reading_rid, stream_no, block_no),
        FOREIGN KEY (reading_rid, stream_no) REFERENCES audio_streams (reading_rid, stream_no) ON DELETE CASCADE
      ) STRICT;

      -- A chunk's audio is either a sample range of a stream (PCM that was encoded here) or the
      -- provider's own encoded bytes, kept as they came.
      CREATE TABLE chunks (
        reading_rid INTEGER NOT NULL REFERENCES readings (rid) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        segment INTEGER NOT NULL,
        start_ms REAL NOT NULL,
        duration_ms REAL NOT NULL,
        words TEXT NOT NULL,
        stream_no INTEGER,
        sample_start INTEGER,
        sample_count INTEGER,
        mime TEXT,
        bytes BLOB,
        PRIMARY KEY (reading_rid, seq),
        CHECK ((stream_no IS NOT NULL AND sample_count IS NOT NULL) OR (mime IS NOT NULL AND bytes IS NOT NULL))
      ) STRICT;

      CREATE VIRTUAL TABLE readings_fts USING fts5 (
        text, content = 'readings', content_rowid = 'rid', tokenize = 'unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER readings_fts_insert AFTER INSERT ON readings BEGIN
        INSERT INTO readings_fts (rowid, text) VALUES (new.rid, new.text);
      END;
      CREATE TRIGGER readings_fts_delete AFTER DELETE ON readings BEGIN
        INSERT INTO readings_fts (readings_fts, rowid, text) VALUES ('delete', old.rid, old.text);
      END;
      CREATE TRIGGER readings_fts_update AFTER UPDATE OF text ON readings BEGIN
        INSERT INTO readings_fts (readings_fts, rowid, text) VALUES ('delete', old.rid, old.text);
        INSERT INTO readings_fts (rowid, text) VALUES (new.rid, new.text);
      END;
    `);
  },
};

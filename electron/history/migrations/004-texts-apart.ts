// A reading's text moves to a table of its own, and its length and preview beside the other columns.
// SQLite rewrites a row on every UPDATE, so the text sitting in `readings` was written again, in part,
// at each batch the recorder committed (duration, chunk count): for a 1.9 MB text, 120 KB to the WAL
// and 4.2 ms per commit, against 4 KB and 0.85 ms now (npm run bench library). The list now reads
// neither the text nor its overflow pages.
//
// Search indexes the first 200,000 characters (about 35,000 words: any article, a long chapter):
// indexing 2 million characters in one go as a reading began took 55-90 ms of the main process, and
// as long again to delete it. The text itself is kept whole.
import type { Migration } from './migration';

/** Characters of a reading's text that search sees; the triggers and the rebuild must agree. */
export const SEARCHED_CHARS = 200_000;
/** The start of the text the list shows. */
export const PREVIEW_CHARS = 160;

const indexed = (row: 'new' | 'old') => `substr(${row}.text, 1, ${SEARCHED_CHARS})`;

export const migration004: Migration = {
  version: 4,
  name: 'texts-apart',
  up(db) {
    db.exec(`
      CREATE TABLE reading_texts (
        rid INTEGER PRIMARY KEY REFERENCES readings (rid) ON DELETE CASCADE,
        text TEXT NOT NULL
      ) STRICT;
      INSERT INTO reading_texts (rid, text) SELECT rid, text FROM readings;
      ALTER TABLE readings ADD COLUMN chars INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE readings ADD COLUMN preview TEXT NOT NULL DEFAULT '';
      UPDATE readings SET chars = length(text), preview = substr(text, 1, ${PREVIEW_CHARS});

      DROP TRIGGER readings_fts_insert;
      DROP TRIGGER readings_fts_delete;
      DROP TRIGGER readings_fts_update;
      DROP TABLE readings_fts;
      ALTER TABLE readings DROP COLUMN text;

      CREATE VIRTUAL TABLE readings_fts USING fts5 (
        text, content = 'reading_texts', content_rowid = 'rid', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'
      );
      CREATE TRIGGER reading_texts_fts_insert AFTER INSERT ON reading_texts BEGIN
        INSERT INTO readings_fts (rowid, text) VALUES (new.rid, ${indexed('new')});
      END;
      CREATE TRIGGER reading_texts_fts_delete AFTER DELETE ON reading_texts BEGIN
        INSERT INTO readings_fts (readings_fts, rowid, text) VALUES ('delete', old.rid, ${indexed('old')});
      END;
      CREATE TRIGGER reading_texts_fts_update AFTER UPDATE OF text ON reading_texts BEGIN
        INSERT INTO readings_fts (readings_fts, rowid, text) VALUES ('delete', old.rid, ${indexed('old')});
        INSERT INTO readings_fts (rowid, text) VALUES (new.rid, ${indexed('new')});
      END;
      INSERT INTO readings_fts (rowid, text) SELECT rid, substr(text, 1, ${SEARCHED_CHARS}) FROM reading_texts;
    `);
  },
};

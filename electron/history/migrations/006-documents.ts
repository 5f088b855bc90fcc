// Documents opened to listen to (a PDF, a book, an article): what was read from them, and where the
// listener stopped, down to the word, so reopening resumes there on any voice, offline included.
import type { Migration } from './migration';

export const migration006: Migration = {
  version: 6,
  name: 'documents',
  up(db) {
    db.exec(`
      CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        -- The file's path or the page's address: opening it again finds this row.
        source TEXT NOT NULL UNIQUE,
        format TEXT NOT NULL,
        title TEXT NOT NULL,
        author TEXT,
        text TEXT NOT NULL,
        -- Whether the document changed since: a changed text starts again from its beginning.
        text_hash TEXT NOT NULL,
        chapters TEXT NOT NULL,
        pages TEXT NOT NULL,
        -- Where to resume: the start of the word last heard, an offset into text.
        position INTEGER NOT NULL DEFAULT 0,
        listened_ms INTEGER NOT NULL DEFAULT 0,
        opened_at INTEGER NOT NULL,
        heard_at INTEGER
      ) STRICT;
      CREATE INDEX documents_by_opened ON documents (opened_at DESC);
    `);
  },
};

// The documents opened to listen to, in the library's database beside the readings (migration 006):
// each document's text, chapters and pages, and where the listener stopped, so reopening resumes at
// that word. A document whose text changed since (a new edition of the file) starts again.
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { DocumentFormat, DocumentMark, DocumentText } from '../../shared/document';

/** A document as opened, and where from: the file's path or the page's address. */
export interface DocumentToKeep extends DocumentText {
  source: string;
}

export interface KeptDocument extends DocumentToKeep {
  id: number;
  /** Where to resume: the start of the word last heard. */
  position: number;
  listenedMs: number;
  openedAt: number;
  heardAt: number | null;
}

/** A document as the library lists it (no text). */
export interface DocumentSummary {
  id: number;
  source: string;
  format: DocumentFormat;
  title: string;
  author: string | null;
  chars: number;
  position: number;
  /** Heard so far, 0-1. */
  progress: number;
  listenedMs: number;
  openedAt: number;
  heardAt: number | null;
}

interface Row {
  id: number;
  source: string;
  format: DocumentFormat;
  title: string;
  author: string | null;
  text: string;
  text_hash: string;
  chapters: string;
  pages: string;
  position: number;
  listened_ms: number;
  opened_at: number;
  heard_at: number | null;
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');

function marks(json: string): DocumentMark[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((m): m is DocumentMark => typeof m?.title === 'string' && Number.isInteger(m?.start)) : [];
  } catch {
    return [];
  }
}

const kept = (row: Row): KeptDocument => ({
  id: row.id,
  source: row.source,
  format: row.format,
  title: row.title,
  author: row.author,
  text: row.text,
  chapters: marks(row.chapters),
  pages: marks(row.pages),
  position: row.position,
  listenedMs: row.listened_ms,
  openedAt: row.opened_at,
  heardAt: row.heard_at,
});

export class DocumentStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Keeps `doc` as opened now. A document opened before keeps its place, unless its text changed
   * (then it starts again: the old place may point anywhere in the new text).
   */
  open(doc: DocumentToKeep): KeptDocument {
    const hash = hashOf(doc.text);
    const before = this.db.prepare(`SELECT * FROM documents WHERE source = ?`).get(doc.source) as Row | undefined;
    const same = before?.text_hash === hash;
    this.db
      .prepare(
        `INSERT INTO documents (source, format, title, author, text, text_hash, chapters, pages, opened_at)
         VALUES (@source, @format, @title, @author, @text, @hash, @chapters, @pages, @now)
         ON CONFLICT (source) DO UPDATE SET format = @format, title = @title, author = @author, text = @text, text_hash = @hash,
           chapters = @chapters, pages = @pages, opened_at = @now,
           position = CASE WHEN text_hash = @hash THEN position ELSE 0 END,
           listened_ms = CASE WHEN text_hash = @hash THEN listened_ms ELSE 0 END`,
      )
      .run({ ...doc, hash, chapters: JSON.stringify(doc.chapters), pages: JSON.stringify(doc.pages), now: this.now() });
    const row = this.db.prepare(`SELECT * FROM documents WHERE source = ?`).get(doc.source) as Row;
    return same || !before ? kept(row) : { ...kept(row), position: 0 };
  }

  get(id: number): KeptDocument | null {
    const row = this.db.prepare(`SELECT * FROM documents WHERE id = ?`).get(id) as Row | undefined;
    return row ? kept(row) : null;
  }

  /**
   * The listener heard up to the word starting at `position`, `listenedMs` more of it. A position
   * outside the text is brought within it.
   */
  heard(id: number, position: number, listenedMs = 0): void {
    this.db
      .prepare(`UPDATE documents SET position = max(0, min(?, length(text))), listened_ms = listened_ms + max(0, ?), heard_at = ? WHERE id = ?`)
      .run(Math.trunc(position), Math.trunc(listenedMs), this.now(), id);
  }

  /** The documents, the last opened first. */
  list(limit = 200): DocumentSummary[] {
    const rows = this.db
      .prepare(`SELECT id, source, format, title, author, length(text) AS chars, position, listened_ms, opened_at, heard_at FROM documents ORDER BY opened_at DESC LIMIT ?`)
      .all(Math.max(1, Math.min(limit, 10_000))) as (Omit<Row, 'text' | 'text_hash' | 'chapters' | 'pages'> & { chars: number })[];
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      format: r.format,
      title: r.title,
      author: r.author,
      chars: r.chars,
      position: r.position,
      progress: r.chars > 0 ? Math.min(1, r.position / r.chars) : 0,
      listenedMs: r.listened_ms,
      openedAt: r.opened_at,
      heardAt: r.heard_at,
    }));
  }

  forget(id: number): void {
    this.db.prepare(`DELETE FROM documents WHERE id = ?`).run(id);
  }
}

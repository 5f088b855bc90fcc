import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DocumentStore, type DocumentToKeep } from './document-store';
import { openLibrary } from './library-store';
import { damagePages, libraryWithReadings } from '../../test/support/damaged-library';

const book = (text: string): DocumentToKeep => ({
  source: '/home/ada/Books/listening.epub',
  format: 'epub',
  title: 'Listening',
  author: 'Ada Reader',
  text,
  chapters: [
    { title: 'One', start: 0 },
    { title: 'Two', start: text.indexOf('Two') },
  ],
  pages: [],
});
const TEXT = 'One\n\nThe first chapter is short.\n\nTwo\n\nThe second chapter ends the book.';

describe('documents in the library', () => {
  it('resumes at the word where the listener stopped after Aloud was closed and opened again', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'aloud-docs-')), 'library.sqlite');
    let library = openLibrary({ path });
    const first = new DocumentStore(library.db).open(book(TEXT));
    expect(first.position).toBe(0);
    new DocumentStore(library.db).heard(first.id, TEXT.indexOf('second'), 4_000);
    library.close();

    library = openLibrary({ path });
    try {
      const again = new DocumentStore(library.db).open(book(TEXT));
      expect(again.id).toBe(first.id);
      expect(TEXT.slice(again.position)).toMatch(/^second chapter/);
      expect(again.listenedMs).toBe(4_000);
      expect(again.chapters.map((c) => c.title)).toEqual(['One', 'Two']);
      const [listed] = new DocumentStore(library.db).list();
      expect(listed).toMatchObject({ title: 'Listening', author: 'Ada Reader', format: 'epub', chars: TEXT.length });
      expect(listed!.progress).toBeCloseTo(TEXT.indexOf('second') / TEXT.length, 5);
    } finally {
      library.close();
    }
  });

  it('starts a document whose text changed from its beginning, and keeps a place within the text', () => {
    const library = openLibrary({ path: ':memory:' });
    try {
      const store = new DocumentStore(library.db);
      const { id } = store.open(book(TEXT));
      store.heard(id, TEXT.indexOf('second'));
      expect(store.open(book(`${TEXT} A new epilogue.`)).position).toBe(0);
      store.heard(id, 10_000_000);
      expect(store.get(id)!.position).toBe(TEXT.length + ' A new epilogue.'.length);
      store.heard(id, -5);
      expect(store.get(id)!.position).toBe(0);
    } finally {
      library.close();
    }
  });

  it('keeps each document and its place when a damaged library is rebuilt', () => {
    const path = libraryWithReadings(200);
    let library = openLibrary({ path });
    const { id } = new DocumentStore(library.db).open(book(TEXT));
    new DocumentStore(library.db).heard(id, TEXT.indexOf('second'));
    library.db.pragma('wal_checkpoint(TRUNCATE)');
    library.close();
    damagePages(path, 5, 3);
    // A week on, the start-up check runs again (health-schedule.ts).
    library = openLibrary({ path, now: () => Date.now() + 8 * 24 * 3600 * 1000 });
    try {
      expect(library.damage?.rebuilt).toBe(true);
      expect(TEXT.slice(new DocumentStore(library.db).open(book(TEXT)).position)).toMatch(/^second chapter/);
    } finally {
      library.close();
    }
  });
});

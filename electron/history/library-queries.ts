// What the library window and the CLI read: the list, newest first a page at a time (keyset paging),
// and full-text search with snippets. Statements are built from the filters and cached per database.
import type { Database as Db, Statement } from 'better-sqlite3';
import { summaryColumns, toSummary, type ListFilter, type ListOptions, type ReadingSummary, type SearchHit, type SummaryRecord } from './library-rows';

export interface SearchOptions extends ListFilter {
  limit?: number;
  order?: 'rank' | 'newest';
}

/**
 * FTS5 query from what a person types: every word must appear; the last may be a prefix, once it has
 * two characters (the prefix indexes start at two; one letter would match nearly every reading).
 */
export function ftsQuery(input: string): string | null {
  const words = input.match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words.map((w, i) => `"${w}"${i === words.length - 1 && [...w].length > 1 ? '*' : ''}`).join(' ');
}

/** Newest first, a page at a time (keyset paging: cheap at any depth). */
export function listReadings(db: Db, options: ListOptions = {}): ReadingSummary[] {
  const { where, params } = filterSql(options);
  if (options.after) {
    where.push('(created_at < @afterAt OR (created_at = @afterAt AND id < @afterId))');
    params.afterAt = options.after.createdAt;
    params.afterId = options.after.id;
  }
  params.limit = options.limit ?? 50;
  const sql = `SELECT ${summaryColumns()} FROM readings ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY created_at DESC, id DESC LIMIT @limit`;
  return (statement(db, sql).all(params) as SummaryRecord[]).map(toSummary);
}

/**
 * Full-text search over the text with a snippet each: newest first (the default: FTS5 walks its
 * doclist backwards and stops at the limit, so common words stay fast), or best match first.
 */
export function searchReadings(db: Db, query: string, options: SearchOptions = {}): SearchHit[] {
  const match = ftsQuery(query);
  if (!match) return [];
  const { where, params } = filterSql(options, 'r.');
  params.match = match;
  params.limit = options.limit ?? 50;
  // rid follows insertion, which is creation order; readings are never back-dated by the app.
  const order = options.order === 'rank' ? 'readings_fts.rank' : 'readings_fts.rowid DESC';
  const sql = `SELECT ${summaryColumns('r.')}, snippet(readings_fts, 0, '[', ']', '…', 12) AS snippet
    FROM readings_fts JOIN readings r ON r.rid = readings_fts.rowid
    WHERE readings_fts MATCH @match ${where.length ? `AND ${where.join(' AND ')}` : ''}
    ORDER BY ${order} LIMIT @limit`;
  return (statement(db, sql).all(params) as (SummaryRecord & { snippet: string })[]).map((r) => ({
    ...toSummary(r),
    snippet: r.snippet,
  }));
}

const statements = new WeakMap<Db, Map<string, Statement>>();
function statement(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) {
    st = db.prepare(sql);
    cache.set(sql, st);
  }
  return st;
}

function filterSql(f: ListFilter, prefix = ''): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.provider !== undefined) {
    where.push(`${prefix}provider = @provider`);
    params.provider = f.provider;
  }
  if (f.voice !== undefined) {
    where.push(`${prefix}voice = @voice`);
    params.voice = f.voice;
  }
  if (f.from !== undefined) {
    where.push(`${prefix}created_at >= @from`);
    params.from = f.from;
  }
  if (f.to !== undefined) {
    where.push(`${prefix}created_at < @to`);
    params.to = f.to;
  }
  return { where, params };
}

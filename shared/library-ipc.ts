// The library's IPC channels (list, search, get, play, delete, pin, export, size/age limit): zod
// schemas for arguments and results, merged into the contract by shared/ipc.ts.
import { z } from 'zod';
import type { ChannelGroup } from './ipc-channel';
import { wordTimingSchema } from './chunk';

const id = z.string().min(1).max(100);

export const readingSummarySchema = z.object({
  id: z.string(),
  createdAt: z.number(),
  provider: z.string(),
  voice: z.string(),
  /** The rate the voice spoke it at (its replay is stretched to any Speed). */
  synthRate: z.number(),
  status: z.enum(['recording', 'complete', 'partial', 'stopped']),
  durationMs: z.number(),
  chunkCount: z.number(),
  audioBytes: z.number(),
  pinned: z.boolean(),
  chars: z.number(),
  preview: z.string(),
});
export type ReadingSummaryView = z.infer<typeof readingSummarySchema>;

/** A search hit: `snippet` marks each match with [ and ]. */
export const searchHitSchema = readingSummarySchema.extend({ snippet: z.string() });
export type SearchHitView = z.infer<typeof searchHitSchema>;

export const libraryFilterSchema = z
  .object({
    provider: z.string().min(1).max(100).optional(),
    voice: z.string().min(1).max(300).optional(),
    /** created_at range in ms since the epoch: from inclusive, to exclusive. */
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
  })
  .refine((f) => f.from === undefined || f.to === undefined || f.from < f.to, { message: "'from' must be before 'to'" });

const pageCursor = z.object({ createdAt: z.number(), id: z.string().min(1).max(100) });

export const EXPORT_FORMATS = ['wav', 'compressed', 'srt', 'vtt', 'txt'] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

export const libraryLimitsSchema = z.object({
  /** Audio bytes kept at most (oldest unpinned readings go first); null: no limit. */
  maxBytes: z.number().int().positive().max(2 ** 50).nullable(),
  /** Unpinned readings older than this many days go; null: no limit. */
  maxAgeDays: z.number().int().positive().max(36_500).nullable(),
});
export type LibraryLimits = z.infer<typeof libraryLimitsSchema>;

const usage = z.object({ count: z.number(), audioBytes: z.number() });

export const libraryChannels = {
  /** Newest first, a page at a time; pass the returned `next` as `after` for the following page. */
  'library:list': {
    args: z.object({ filter: libraryFilterSchema.optional(), limit: z.number().int().min(1).max(500).optional(), after: pageCursor.optional() }),
    result: z.object({ items: z.array(readingSummarySchema), next: pageCursor.nullable() }),
  },
  /** Full-text search (FTS5) over the text, newest first, each hit with a snippet. */
  'library:search': {
    args: z.object({ query: z.string().trim().min(1).max(500), filter: libraryFilterSchema.optional(), limit: z.number().int().min(1).max(500).optional() }),
    result: z.object({ items: z.array(searchHitSchema) }),
  },
  /** One reading with its text and every word's timing. */
  'library:get': {
    args: z.object({ id }),
    result: readingSummarySchema.extend({ text: z.string(), words: z.array(wordTimingSchema) }),
  },
  /** Plays a saved reading from the library (offline) through the same 'reading:*' events as a live one. */
  'library:play': { args: z.object({ id }), result: z.object({ readingId: z.string() }) },
  'library:delete': { args: z.object({ id }), result: z.object({ deleted: z.boolean() }) },
  'library:pin': { args: z.object({ id, pinned: z.boolean() }), result: z.object({ pinned: z.boolean() }) },
  /** Main asks where (a folder dialog), then writes one file per reading and format. */
  'library:export': {
    args: z.object({ ids: z.array(id).min(1).max(1000), formats: z.array(z.enum(EXPORT_FORMATS)).min(1) }),
    result: z.union([z.object({ canceled: z.literal(true) }), z.object({ canceled: z.literal(false), folder: z.string(), files: z.array(z.string()) })]),
  },
  'library:limits': { args: z.object({}), result: libraryLimitsSchema.extend({ usage }) },
  /** Saves the limit and trims the library to it at once. */
  'library:set-limits': { args: libraryLimitsSchema, result: libraryLimitsSchema.extend({ usage, removed: z.number() }) },
  /**
   * Whether readings are being saved, and the one sentence (path and what to do) when the library
   * could not be opened or was found damaged. Answered even when the library is missing.
   */
  'library:status': { args: z.object({}), result: z.object({ available: z.boolean(), problem: z.string().nullable() }) },
} as const satisfies ChannelGroup<'library'>;

// What one IPC channel is: a call the renderer makes and main answers (zod schemas for its arguments
// and result), or an event main sends (the schema of its payload). The direction is the entry's shape.
import type { z } from 'zod';

export interface InvokeDef {
  args: z.ZodType;
  result: z.ZodType;
}
export interface EventDef {
  payload: z.ZodType;
}

/** The channels of one group: a table whose keys all carry the group's prefix (`group:name`). */
export type ChannelGroup<G extends string> = Readonly<Record<`${G}:${string}`, InvokeDef | EventDef>>;

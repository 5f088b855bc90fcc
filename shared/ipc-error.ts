// How a failure crosses IPC: a kind the renderer chooses its actions by, and one sentence for the
// person. Main never throws across the bridge; it answers every call with an IpcReply, so nothing is
// lost to Electron's "Error invoking remote method" text. Zod-free: the sandboxed preload bundles it.

/** Few on purpose: each is a different thing the person can do next. */
export const ERROR_KINDS = [
  'auth', // a key was refused: fix it in Settings
  'quota', // rate-limited, out of quota or credit: wait, or see the account
  'network', // could not reach a server, or it stopped sending: try again
  'not-found', // the voice, reading or queued text is not there (any more)
  'invalid-input', // the request itself cannot be done as asked
  'unavailable', // that part of Aloud is not working here (no library, no settings)
  'internal', // anything else: a fault in Aloud or a provider
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface IpcError {
  kind: ErrorKind;
  message: string;
}

/** Main's answer to every invoke. */
export type IpcReply<T = unknown> = { ok: true; value: T } | { ok: false; error: IpcError };

/** A failure with its kind, as the renderer's client rethrows a refused call (and main's core throws). */
export class AloudError extends Error {
  override readonly name: string = 'AloudError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** The one sentence a failure is told in; works on anything a promise can reject with. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** The kind of a failure: an AloudError's own, else 'internal'. */
export function kindOf(err: unknown): ErrorKind {
  return err instanceof AloudError ? err.kind : 'internal';
}

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

// A request the application core refuses, and how any failure is told: one sentence for the person
// and, across IPC, the kind the renderer chooses its actions by.
import { AloudError, type ErrorKind, type IpcError } from '../../shared/ipc-error';
import { SynthesisError, type SynthesisErrorKind } from '../speech/synthesis-error';

/** A request the core refuses; the message is one sentence meant for the user or the developer. */
export class ServiceError extends AloudError {
  override readonly name: string = 'ServiceError';
  constructor(message: string, kind: ErrorKind = 'invalid-input') {
    super(kind, message);
  }
}

/** One sentence for the user: synthesis errors carry their own, anything else its message. */
export function describeError(err: unknown): string {
  if (err instanceof SynthesisError) return err.userMessage;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

const SYNTHESIS_KINDS: Record<SynthesisErrorKind, ErrorKind> = {
  auth: 'auth',
  quota: 'quota',
  billing: 'quota',
  'bad-request': 'invalid-input',
  'unknown-voice': 'not-found',
  server: 'internal',
  network: 'network',
  stalled: 'network',
};

/** The kind of any failure, as the renderer is told it. */
export function errorKindOf(err: unknown): ErrorKind {
  if (err instanceof AloudError) return err.kind;
  if (err instanceof SynthesisError) return SYNTHESIS_KINDS[err.kind];
  return 'internal';
}

/** A failure as it crosses IPC. */
export function toIpcError(err: unknown): IpcError {
  return { kind: errorKindOf(err), message: describeError(err) };
}

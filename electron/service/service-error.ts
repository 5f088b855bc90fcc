// A request the application core refuses, and the one sentence a failure is told to the user in.
import { SynthesisError } from '../speech/synthesis-error';

/** A request the core refuses; the message is one sentence meant for the user or the developer. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
}

/** One sentence for the user: synthesis errors carry their own, anything else its message. */
export function describeError(err: unknown): string {
  if (err instanceof SynthesisError) return err.userMessage;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

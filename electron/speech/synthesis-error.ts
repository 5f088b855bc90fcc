// The synthesis error vocabulary, beside the Synthesizer port: every voice (the built-in engine, a
// natural voice, a cloud adapter) classifies its failures into one of these kinds, told to the user as
// one sentence naming the voice's provider: by the name the person gave it ('Office server') once the
// settings have told it (named()), else by its kind's name. The sentence says what happened, not where
// to fix it: the reader's banner and Settings each offer their own way on.
import { providerDisplayName } from '../../shared/provider-names';
import { hideKnownSecrets } from '../../shared/scrub-secrets';
export type SynthesisErrorKind =
  | 'auth' // bad or missing key (401/403)
  | 'quota' // rate limit or a passing quota (429): may pass on a retry
  | 'billing' // out of credit or over a spending limit (402, "insufficient quota"): no retry helps
  | 'bad-request' // the request was refused as invalid (400/413/422)
  | 'unknown-voice' // the voice does not exist (404 on a voice)
  | 'server' // the provider failed (5xx, an error inside the stream, a malformed frame)
  | 'network' // could not connect, or the connection was cut
  | 'stalled'; // no bytes for too long

export class SynthesisError extends Error {
  override readonly name = 'SynthesisError';
  constructor(
    readonly provider: string,
    readonly kind: SynthesisErrorKind,
    detail: string,
    readonly options: { status?: number; retryAfterMs?: number; cause?: unknown; providerName?: string } = {},
  ) {
    // The detail is often a server's words, which may echo the key it refused: a configured key never
    // reaches the person or a log through it.
    super(hideKnownSecrets(detail), { cause: options.cause });
  }

  /** Rate limits and server errors may succeed on a retry; nothing else will. */
  get retryable(): boolean {
    return this.kind === 'quota' || this.kind === 'server' || this.kind === 'network' || this.kind === 'stalled';
  }

  /** The same failure, told with the name the person gave the provider. */
  named(providerName: string): SynthesisError {
    const named = new SynthesisError(this.provider, this.kind, this.message, { ...this.options, providerName });
    if (this.stack) named.stack = this.stack;
    return named;
  }

  /** One clear sentence naming the provider, for the user. */
  get userMessage(): string {
    const who = this.options.providerName ?? providerDisplayName(this.provider);
    // A kind's name opens with a capital ('The OpenAI-compatible server'); inside a sentence it is 'the'.
    const whoInside = this.options.providerName ?? who.replace(/^The /u, 'the ');
    switch (this.kind) {
      case 'auth':
        return `${who} refused the API key.`;
      case 'quota':
        return `${who} is rate-limiting requests or the account is out of quota.`;
      case 'billing':
        return `${who} refused for lack of credit: add credit to your account there, or raise its spending limit, then try again.`;
      case 'bad-request':
        return `${who} rejected the request: ${this.message}`;
      case 'unknown-voice':
        return `${who} does not know this voice: choose another.`;
      case 'server':
        return `${who} failed while speaking: ${this.message}`;
      case 'network':
        return `Could not reach ${whoInside}: check the network connection.`;
      case 'stalled':
        return `${who} stopped sending audio.`;
    }
  }
}

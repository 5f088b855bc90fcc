// Every provider failure is classified into one of these kinds and told to the user as one sentence.
export type ProviderErrorKind =
  | 'auth' // bad or missing key (401/403)
  | 'quota' // rate limit or a passing quota (429): may pass on a retry
  | 'billing' // out of credit or over a spending limit (402, "insufficient quota"): no retry helps
  | 'bad-request' // the request was refused as invalid (400/413/422)
  | 'unknown-voice' // the voice does not exist (404 on a voice)
  | 'server' // the provider failed (5xx, an error inside the stream, a malformed frame)
  | 'network' // could not connect, or the connection was cut
  | 'stalled'; // no bytes for too long

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly provider: string,
    readonly kind: ProviderErrorKind,
    detail: string,
    readonly options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(detail, { cause: options.cause });
  }

  /** Rate limits and server errors may succeed on a retry; nothing else will. */
  get retryable(): boolean {
    return this.kind === 'quota' || this.kind === 'server' || this.kind === 'network' || this.kind === 'stalled';
  }

  /** One clear sentence naming the provider, for the user. */
  get userMessage(): string {
    const who = providerDisplayName(this.provider);
    switch (this.kind) {
      case 'auth':
        return `${who} refused the API key: check it in Settings.`;
      case 'quota':
        return `${who} is rate-limiting requests or the account is out of quota.`;
      case 'billing':
        return `${who} refused for lack of credit: add credit to your account there, or raise its spending limit, then try again.`;
      case 'bad-request':
        return `${who} rejected the request: ${this.message}`;
      case 'unknown-voice':
        return `${who} does not know this voice: pick another in Settings.`;
      case 'server':
        return `${who} failed while speaking: ${this.message}`;
      case 'network':
        return `Could not reach ${who}: check the network connection.`;
      case 'stalled':
        return `${who} stopped sending audio.`;
    }
  }
}

const displayNames: Record<string, string> = {
  builtin: 'The built-in voice',
  inworld: 'Inworld',
  together: 'Together AI',
  aitts: 'The AI TTS Microservice',
  sarvam: 'Sarvam',
  openai: 'The OpenAI-compatible server',
  elevenlabs: 'ElevenLabs',
};

export function providerDisplayName(provider: string): string {
  return displayNames[provider] ?? provider;
}

/** The kind an HTTP status means, before any provider-specific reading of the body. */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'quota';
  if (status === 402) return 'billing';
  if (status === 404) return 'unknown-voice';
  if (status >= 500) return 'server';
  return 'bad-request';
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

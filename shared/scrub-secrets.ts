// Hides what looks like a secret in text on its way to a log or the screen: a server's error body may
// echo the key it refused, and an error's message may carry a request's headers.

const HIDDEN = '[hidden]';
const PATTERNS: [RegExp, string][] = [
  // Authorization headers and their schemes.
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gu, `$1 ${HIDDEN}`],
  // key=..., "api_key": "...", xi-api-key: ..., api-subscription-key: ...
  [/\b((?:[a-z]+[_-])*(?:api[_-]?key|key|token|secret|password)["']?\s*[:=]\s*["']?)[^\s"',;}]{4,}/giu, `$1${HIDDEN}`],
  // Well-known key shapes: OpenAI-style sk-..., AI TTS tts_..., and long opaque tokens.
  [/\b(?:sk|tts|pk|rk)[-_][A-Za-z0-9_-]{12,}/gu, HIDDEN],
  [/[A-Za-z0-9+/_-]{32,}={0,2}/gu, HIDDEN],
];

export function scrubSecrets(text: string): string {
  return PATTERNS.reduce((t, [re, to]) => t.replace(re, to), text);
}

/** An error (or anything thrown) as log text with its secrets hidden: the stack where there is one. */
export function scrubbedError(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return scrubSecrets(text);
}

// Hides secrets in text on its way to a log or the screen: a server's error body may echo the key it
// refused, and an error's message may carry a request's headers. The keys the person configured are
// hidden as themselves, whatever their shape (a pattern cannot know that "hunter2!" is a key); what
// merely looks like a key is hidden too.

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

/** Shorter values are not secrets worth the name, and hiding them would garble ordinary words. */
const MIN_SECRET_CHARS = 4;
const MAX_KNOWN = 256;
const known = new Set<string>();

/**
 * Remembers a configured secret (a provider's key) for this process, so that every message built and
 * every log line written from now on hides it: as typed, URL-encoded and JSON-escaped.
 */
export function rememberSecret(value: string | undefined): void {
  const secret = value?.trim();
  if (!secret || secret.length < MIN_SECRET_CHARS || known.has(secret)) return;
  if (known.size >= MAX_KNOWN) known.delete(known.values().next().value!);
  known.add(secret);
}

function formsOf(secret: string): string[] {
  let encoded = secret;
  try {
    encoded = encodeURIComponent(secret);
  } catch {
    // a lone surrogate: only the other forms
  }
  return [secret, encoded, encoded.replace(/%20/gu, '+'), JSON.stringify(secret).slice(1, -1)];
}

/** `text` without the remembered secrets and the `extra` ones (e.g. the failed request's own key). */
export function hideKnownSecrets(text: string, extra: Iterable<string> = []): string {
  const forms = new Set<string>();
  for (const secret of [...extra, ...known]) {
    const s = secret.trim();
    if (s.length >= MIN_SECRET_CHARS) for (const form of formsOf(s)) forms.add(form);
  }
  if (forms.size === 0) return text;
  // Longest first: a key that contains another is hidden whole.
  return [...forms].sort((a, b) => b.length - a.length).reduce((t, form) => t.split(form).join(HIDDEN), text);
}

export function scrubSecrets(text: string, extra: Iterable<string> = []): string {
  return PATTERNS.reduce((t, [re, to]) => t.replace(re, to), hideKnownSecrets(text, extra));
}

/** An error (or anything thrown) as log text with its secrets hidden: the stack where there is one. */
export function scrubbedError(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return scrubSecrets(text);
}

// Which Synthesizer a provider entry makes, and how to check that its settings work. One table,
// one row per provider kind: display name, whether it needs a key, the default base URL, how to
// build the adapter from the entry's fields, and how to probe it.
import { createAittsSynthesizer } from '../providers/aitts';
import { createElevenLabsSynthesizer } from '../providers/elevenlabs';
import { SynthesisError } from '../speech/synthesis-error';
import { createInworldSynthesizer } from '../providers/inworld';
import { createOpenAiSynthesizer } from '../providers/openai';
import { createSarvamSynthesizer } from '../providers/sarvam';
import { createTogetherSynthesizer } from '../providers/together';
import type { Synthesizer } from '../speech/synthesizer';
import type { ProviderEntry, ProviderKind } from './settings-store';

export interface ProviderKindInfo {
  kind: ProviderKind;
  displayName: string;
  /** OpenAI-compatible local servers often run without a key. */
  keyRequired: boolean;
  defaultBaseUrl: string;
  /**
   * How testConnection checks the entry: 'voices' lists voices (free, and it checks the key);
   * 'speak' asks for a word of speech (for providers whose voice list needs no key).
   */
  probe: 'voices' | 'speak';
  create(entry: ProviderEntry, key: string | undefined): Synthesizer;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
/** An option's value if it is one of the allowed ones (else the adapter's default). */
const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined => (allowed.includes(v as T) ? (v as T) : undefined);
const requireKey = (entry: ProviderEntry, key: string | undefined): string => {
  if (!key) throw new SynthesisError(entry.kind, 'auth', 'no API key is set');
  return key;
};

export type ProviderFactory = ProviderKindInfo['create'];

const kinds: Partial<Record<ProviderKind, ProviderKindInfo>> = {
  aitts: {
    kind: 'aitts',
    displayName: 'AI TTS Microservice',
    keyRequired: true,
    defaultBaseUrl: 'https://aitts.theproductivepixel.com',
    probe: 'voices',
    create: (e, key) =>
      createAittsSynthesizer({
        apiKey: requireKey(e, key),
        baseUrl: e.baseUrl,
        outputFormat: oneOf(e.options['outputFormat'], ['wav', 'pcm', 'mp3', 'ogg_opus'] as const),
        sampleRateHertz: num(e.options['sampleRateHertz']),
      }),
  },
  sarvam: {
    kind: 'sarvam',
    displayName: 'Sarvam',
    keyRequired: true,
    defaultBaseUrl: 'https://api.sarvam.ai',
    probe: 'speak',
    create: (e, key) =>
      createSarvamSynthesizer({
        apiKey: requireKey(e, key),
        baseUrl: e.baseUrl,
        model: e.model === 'bulbul:v2' ? 'bulbul:v2' : 'bulbul:v3',
        languageCode: str(e.options['languageCode']),
        dictId: str(e.options['dictId']),
        codec: oneOf(e.options['codec'], ['wav', 'linear16', 'mp3'] as const),
      }),
  },
  openai: {
    kind: 'openai',
    displayName: 'OpenAI-compatible',
    keyRequired: false,
    defaultBaseUrl: 'https://api.openai.com/v1',
    probe: 'voices',
    create: (e, key) =>
      createOpenAiSynthesizer({
        apiKey: key,
        baseUrl: e.baseUrl,
        model: e.model,
        instructions: str(e.options['instructions']),
        streamFormat: e.options['streamFormat'] === 'sse' ? 'sse' : 'audio',
        responseFormat: oneOf(e.options['responseFormat'], ['pcm', 'wav', 'mp3', 'opus'] as const),
        pcmSampleRate: num(e.options['pcmSampleRate']),
      }),
  },
  inworld: {
    kind: 'inworld',
    displayName: 'Inworld',
    keyRequired: true,
    defaultBaseUrl: 'https://api.inworld.ai',
    probe: 'voices',
    create: (e, key) => createInworldSynthesizer({ apiKey: requireKey(e, key), baseUrl: e.baseUrl, modelId: e.model, timestampType: 'WORD' }),
  },
  together: {
    kind: 'together',
    displayName: 'Together AI',
    keyRequired: true,
    defaultBaseUrl: 'https://api.together.xyz/v1',
    probe: 'voices',
    create: (e, key) => createTogetherSynthesizer({ apiKey: requireKey(e, key), baseUrl: e.baseUrl, model: e.model }),
  },
  elevenlabs: {
    kind: 'elevenlabs',
    displayName: 'ElevenLabs',
    keyRequired: true,
    defaultBaseUrl: 'https://api.elevenlabs.io',
    probe: 'voices',
    create: (e, key) => createElevenLabsSynthesizer({ apiKey: requireKey(e, key), baseUrl: e.baseUrl, modelId: e.model }),
  },
};

/** Adds or replaces a kind (adapters that land later register themselves; tests inject fakes). */
export function registerProviderKind(info: ProviderKindInfo): void {
  kinds[info.kind] = info;
}

export function providerKindInfo(kind: ProviderKind): ProviderKindInfo | undefined {
  return kinds[kind];
}

export function availableProviderKinds(): ProviderKindInfo[] {
  return Object.values(kinds);
}

/** The adapter for an entry, with its key opened by the caller. */
export function createSynthesizerFor(entry: ProviderEntry, key: string | undefined): Synthesizer {
  const info = kinds[entry.kind];
  if (!info) throw new SynthesisError(entry.kind, 'bad-request', `the ${entry.kind} provider is not available in this build`);
  return info.create(entry, key);
}

export type ConnectionResult =
  | { ok: true; voices: number; latencyMs: number }
  | { ok: false; kind: SynthesisError['kind'] | 'config'; message: string };

/**
 * Checks an entry end to end: lists its voices, or for a provider whose list is built in, asks
 * for one short word and stops at the first audio. Failures come back classified, as one sentence.
 */
export async function testConnection(entry: ProviderEntry, key: string | undefined, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ConnectionResult> {
  const info = kinds[entry.kind];
  if (!info) return { ok: false, kind: 'config', message: `The ${entry.kind} provider is not available in this build.` };
  if (info.keyRequired && !key) return { ok: false, kind: 'auth', message: `${entry.name} needs an API key.` };
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new SynthesisError(entry.kind, 'network', 'no answer in time')), opts.timeoutMs ?? 15_000);
  const onAbort = (): void => ctl.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const t0 = Date.now();
  try {
    const synth = info.create(entry, key);
    const voices = await synth.listVoices(ctl.signal);
    if (info.probe === 'speak') {
      const voice = entry.voice ?? voices[0]?.id ?? '';
      for await (const _ of synth.synthesize({ text: 'Hi.', voice, synthRate: 1, signal: ctl.signal })) break;
    }
    return { ok: true, voices: voices.length, latencyMs: Date.now() - t0 };
  } catch (err) {
    const reason: unknown = ctl.signal.reason;
    const e = err instanceof SynthesisError ? err : reason instanceof SynthesisError ? reason : undefined;
    if (e) return { ok: false, kind: e.kind, message: e.named(entry.name).userMessage };
    return { ok: false, kind: 'config', message: `${entry.name}: ${(err as Error).message}` };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

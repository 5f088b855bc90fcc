// Secrets a server echoes back (issue 26, case 7): keys of every shape (made from a seed: any
// printable characters, letters beyond ASCII, base64, characters that mean something to a regular
// expression, 4 to 80 long), configured for an OpenAI-compatible server that refuses them with
// 400, 401, 403, 429 or 500 and repeats the key in its error, as is, twice, quoted, or URL-encoded.
// What Settings' Test connection shows, what a reading's failure shows, and what a log would write
// must never hold the key (else it leaked).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scrubbedError } from '../../shared/scrub-secrets';
import type { KeyCipher } from '../../electron/settings/key-cipher';
import { openProviderSettings } from '../../electron/settings/provider-settings';
import { SynthesisError } from '../../electron/speech/synthesis-error';
import { startOpenAiFake } from '../fakes/openai-server';
import { testSpeech } from '../fakes/test-speech';
import { check, newReport, seededRandom, tryCase, type FamilyReport, type StressOptions } from './report';

const cipher: KeyCipher = {
  available: () => true,
  encrypt: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decrypt: (sealed: Buffer) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8'),
};

const ALPHABETS = [
  'abcdefghijklmnopqrstuvwxyz0123456789',
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=',
  '!#$%&()*+,-./:;<=>?@[]^_{|}~0123456789abc',
  'éèçàùœßñøåäöüłžšđ中文字αβγ0123456789',
  '$(.*)[x]+?{2}\\^|abc',
];

function keyFrom(random: () => number): string {
  const alphabet = ALPHABETS[Math.floor(random() * ALPHABETS.length)]!;
  const chars = Array.from(alphabet);
  const length = 4 + Math.floor(random() * 77);
  let key = '';
  while (Array.from(key).length < length) key += chars[Math.floor(random() * chars.length)]!;
  // Keys are pasted trimmed; a key of spaces only is no key.
  return key.trim().length >= 4 ? key.trim() : `k${key.trim()}key`;
}

const ECHOES: ((key: string) => string)[] = [
  (k) => `Invalid key ${k}`,
  (k) => `The key "${k}" was refused; key ${k} is not valid`,
  (k) => `Incorrect API key provided: ${k}.`,
  (k) => `key=${encodeURIComponent(k)} rejected`,
];

export async function echoedSecrets(opts: StressOptions): Promise<FamilyReport> {
  const report = newReport('echoed-secrets');
  const random = seededRandom(opts.seed);
  const speech = testSpeech();
  await speech.ready;
  const server = await startOpenAiFake({ speech });
  const statuses = [400, 401, 403, 429, 500];
  let leaked = 0;
  try {
    for (let i = 0; i < (opts.scale === 'full' ? 200 : 25); i++) {
      const key = keyFrom(random);
      const status = statuses[i % statuses.length]!;
      const echo = ECHOES[Math.floor(random() * ECHOES.length)]!(key);
      await tryCase(report, `key ${JSON.stringify(key)} echoed with ${status}`, async () => {
        const settings = openProviderSettings({ dataDir: mkdtempSync(join(tmpdir(), 'aloud-stress-secrets-')), cipher });
        const entry = settings.add({ kind: 'openai', name: 'Echo', baseUrl: server.baseUrl }, key);
        // Retries and fallbacks all hear the same refusal.
        server.inject({ kind: 'status', status, message: echo }, 20);
        try {
          const tested = await settings.testConnection(entry.id);
          let failure: unknown = null;
          try {
            for await (const _ of settings.synthesizers()[0]!.synthesize({ text: 'Hello.', voice: 'alloy', synthRate: 1, signal: new AbortController().signal })) void _;
          } catch (error) {
            failure = error;
          }
          check(failure instanceof SynthesisError, `the reading did not fail as a refusal: ${String(failure)}`);
          const shown = [JSON.stringify(tested), (failure as SynthesisError).userMessage, (failure as Error).message, scrubbedError(failure)];
          const forms = [key, encodeURIComponent(key), JSON.stringify(key).slice(1, -1)];
          if (shown.some((text) => forms.some((form) => text.includes(form)))) {
            leaked++;
            throw new Error(`leaked: ${shown.find((text) => forms.some((form) => text.includes(form)))!.slice(0, 200)}`);
          }
        } finally {
          server.clearFaults();
        }
      });
    }
  } finally {
    await server.close();
    await speech.close();
  }
  report.figures.leaked = String(leaked);
  return report;
}

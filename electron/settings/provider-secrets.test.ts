// Issue 26, case 7: a provider that echoes the key it refused ({"error":{"message":"Invalid key
// <key>"}}) must not get that key shown to the person or written to a log, whatever the key's shape:
// the configured key values themselves are hidden, not only what looks like a key.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAiFake, type OpenAiFake } from '../../test/fakes/openai-server';
import { testSpeech, type TestSpeech } from '../../test/fakes/test-speech';
import { scrubbedError, scrubSecrets } from '../../shared/scrub-secrets';
import { SynthesisError } from '../speech/synthesis-error';
import type { KeyCipher } from './key-cipher';
import { openProviderSettings } from './provider-settings';

const cipher: KeyCipher = {
  available: () => true,
  encrypt: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decrypt: (sealed: Buffer) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8'),
};

// Shapes the pattern scrubber does not recognise: short, plain words, spaces, punctuation, regex
// characters, a JWT's dots, base64 padding, Latin-1 letters.
const KEYS = ['SECRET123abc', 'abcd1234', 'hunter2!', 'my pass phrase', 'a.b.c-eyJhbGciOi.Sfl', 'Zm9vOmJhcg==', '$(.*)[x]+?{2}', 'clé-façon-9', '0123456789', 'p@ss:w0rd/+='];

let speech: TestSpeech;
let server: OpenAiFake;
beforeAll(async () => {
  speech = testSpeech();
  await speech.ready;
  server = await startOpenAiFake({ speech }); // takes any key, so the fault decides what is answered
});
afterAll(async () => {
  await server.close();
  await speech.close();
});

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('a key echoed back by a provider', () => {
  it.each(KEYS.map((key, i) => [key, i % 3 === 2 ? 500 : 400] as const))('is never shown nor logged: %j (HTTP %i)', async (key, status) => {
    const settings = openProviderSettings({ dataDir: mkdtempSync(join(tmpdir(), 'aloud-secrets-')), cipher });
    const entry = settings.add({ kind: 'openai', name: 'Echo', baseUrl: server.baseUrl }, key);
    const fault = { kind: 'status', status, message: `Invalid key ${key}` } as const;
    try {
      // Settings > Test connection.
      server.inject(fault, 10);
      const tested = await settings.testConnection(entry.id);
      expect(tested.ok).toBe(false);
      expect(JSON.stringify(tested)).not.toContain(key);
      expect(tested).toMatchObject({ message: expect.stringContaining('Invalid key [hidden]') });

      // A reading.
      server.clearFaults();
      server.inject(fault, 10);
      const synth = settings.synthesizers()[0]!;
      const error = await failureOf(async () => {
        for await (const _ of synth.synthesize({ text: 'Hello.', voice: 'alloy', synthRate: 1, signal: new AbortController().signal })) void _;
      });
      expect(error).toBeInstanceOf(SynthesisError);
      const shown = (error as SynthesisError).userMessage;
      expect(shown).toContain('Invalid key [hidden]');
      for (const text of [shown, (error as Error).message, scrubbedError(error)]) expect(text).not.toContain(key);
      expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${key}`); // the key did go to the provider
    } finally {
      server.clearFaults();
    }
  });

  it('nor in a draft tested before it is saved, nor in any log line once it is configured', async () => {
    const settings = openProviderSettings({ dataDir: mkdtempSync(join(tmpdir(), 'aloud-secrets-')), cipher });
    const draft = 'draftkey42';
    server.inject({ kind: 'status', status: 400, message: `Invalid key ${draft}` }, 10);
    try {
      const tested = await settings.testConnection({ input: { kind: 'openai', name: 'Draft', baseUrl: server.baseUrl }, key: draft });
      expect(JSON.stringify(tested)).not.toContain(draft);
    } finally {
      server.clearFaults();
    }
    // Whatever carries a configured key to a log (a cause, a stack) is scrubbed of it.
    settings.add({ kind: 'openai', name: 'Logged', baseUrl: server.baseUrl }, 'plainword7');
    expect(scrubbedError(new Error('the server said plainword7 was wrong'))).not.toContain('plainword7');
    expect(scrubSecrets('sent ?key=plainword7 and "plainword7"')).not.toContain('plainword7');
    expect(scrubSecrets('sent clé-façon-9 URL-encoded: ' + encodeURIComponent('clé-façon-9'))).not.toMatch(/fa%C3%A7on|façon/u);
  });
});

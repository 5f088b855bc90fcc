import { scrubbedError, scrubSecrets } from './scrub-secrets';

describe('secrets in text bound for a log', () => {
  it.each([
    ['Invalid API key provided: sk-proj-AbCdEfGhIjKlMnOpQrStUv', 'sk-proj-AbCdEfGhIjKlMnOpQrStUv'],
    ['Authorization: Bearer tts_live_9f8e7d6c5b4a3210', 'tts_live_9f8e7d6c5b4a3210'],
    ['Basic ZGVtby1rZXktZm9yLWFsb3VkLXRlc3Rz failed', 'ZGVtby1rZXktZm9yLWFsb3VkLXRlc3Rz'],
    ['{"api_key": "a1b2c3d4e5"} is not valid', 'a1b2c3d4e5'],
    ['xi-api-key: 0123456789abcdef0123456789abcdef refused', '0123456789abcdef0123456789abcdef'],
    ['?api-subscription-key=s3cr3tvalue&x=1', 's3cr3tvalue'],
  ])('hides the key in %j', (text, key) => {
    const scrubbed = scrubSecrets(text);
    expect(scrubbed).not.toContain(key);
    expect(scrubbed).toContain('[hidden]');
  });

  it('leaves ordinary error text as it is', () => {
    for (const t of ['Voice Dennis is not available for inworld-tts-1.5-max', 'text must be at most 2000 characters', 'HTTP 503']) expect(scrubSecrets(t)).toBe(t);
  });

  it('scrubs an error with its stack', () => {
    const err = new Error('request failed with Bearer abcdefghijklmnop');
    expect(scrubbedError(err)).toMatch(/^Error: request failed with Bearer \[hidden\]\n\s+at /u);
  });
});

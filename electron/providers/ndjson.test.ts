import fc from 'fast-check';
import { createNdjsonDecoder, ndjsonValues, NdjsonError } from './ndjson';

const enc = new TextEncoder();

function decodeInPieces(bytes: Uint8Array, cuts: number[]): unknown[] {
  const dec = createNdjsonDecoder();
  const out: unknown[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    out.push(...dec.push(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(...dec.push(bytes.subarray(from)));
  out.push(...dec.end());
  return out;
}

describe('ndjson', () => {
  const values = [
    { result: { audioContent: 'UklGRiQ=', text: 'brace } and quote \\" and {' } },
    { error: { code: 13, message: 'naïve café – ünïcödé 🎙️ \n escaped newline' } },
    [1, 2, { a: '[' }],
  ];

  it('reads one value per line, skipping blank lines and CRLF', () => {
    const text = values.map((v) => JSON.stringify(v)).join('\r\n\n') + '\n\n';
    expect(decodeInPieces(enc.encode(text), [])).toEqual(values);
  });

  it('reads values sent back to back with no newline', () => {
    const text = values.map((v) => JSON.stringify(v)).join('');
    expect(decodeInPieces(enc.encode(text), [])).toEqual(values);
  });

  it('gives the same values wherever the chunks are cut, even inside a UTF-8 character', () => {
    const bytes = enc.encode(values.map((v) => JSON.stringify(v)).join('\n') + JSON.stringify(values[0]));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 12 }), (cuts) => {
        expect(decodeInPieces(bytes, cuts)).toEqual([...values, values[0]]);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a multi-megabyte line fed in small chunks', async () => {
    const big = { result: { audioContent: 'A'.repeat(5_000_000) } };
    const bytes = enc.encode(JSON.stringify(big) + '\n{"result":{}}\n');
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
    }
    const got: unknown[] = [];
    for await (const v of ndjsonValues(chunks())) got.push(v);
    expect(got).toEqual([big, { result: {} }]);
  });

  it('rejects a malformed value, text between values, and a stream that ends inside a value', () => {
    expect(() => createNdjsonDecoder().push(enc.encode('{"a": nope}\n'))).toThrow(NdjsonError);
    const bad = createNdjsonDecoder();
    // The good value before the bad one is handed on first; the failure comes with the next call.
    expect(bad.push(enc.encode('{"a":1}\ngarbage\n'))).toEqual([{ a: 1 }]);
    expect(() => bad.end()).toThrow(NdjsonError);
    const dec = createNdjsonDecoder();
    expect(dec.push(enc.encode('{"a":1}\n{"b":'))).toEqual([{ a: 1 }]);
    expect(() => dec.end()).toThrow(/ended inside/);
  });
});

import fc from 'fast-check';
import { createSseParser, sseEvents, type SseEvent } from './sse';

function parseInPieces(text: string, cuts: number[]): SseEvent[] {
  const p = createSseParser();
  const out: SseEvent[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    out.push(...p.push(text.slice(from, cut)));
    from = cut;
  }
  out.push(...p.push(text.slice(from)), ...p.end());
  return out;
}

describe('sse', () => {
  const stream =
    '\uFEFF: keepalive comment\n' +
    'data: {"type":"conversation.item.audio_output.delta","delta":"AAA="}\n\n' +
    'event: speech.audio.delta\r\nid: 7\r\ndata: first line\r\ndata:second line\r\n\r\n' +
    'retry: 1000\rdata: cr only\r\r' +
    'data: [DONE]\n\n';

  const expected: SseEvent[] = [
    { event: 'message', data: '{"type":"conversation.item.audio_output.delta","delta":"AAA="}' },
    { event: 'speech.audio.delta', data: 'first line\nsecond line', id: '7' },
    { event: 'message', data: 'cr only', id: '7' },
    { event: 'message', data: '[DONE]', id: '7' },
  ];

  it('reads data, event and id fields, comments, multi-line data and all three line ends', () => {
    expect(parseInPieces(stream, [])).toEqual(expected);
  });

  it('gives the same events wherever the text is cut, including between CR and LF', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 10 }), (cuts) => {
        expect(parseInPieces(stream, cuts)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('dispatches a last event that lacks its blank line, and ignores events with no data', () => {
    expect(parseInPieces('event: ping\n\ndata: tail', [])).toEqual([{ event: 'message', data: 'tail' }]);
  });

  it('stops at [DONE] when asked, across byte chunks split inside UTF-8', async () => {
    const bytes = new TextEncoder().encode('data: café\n\ndata: [DONE]\n\ndata: after\n\n');
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < bytes.length; i += 3) yield bytes.subarray(i, i + 3);
    }
    const got: string[] = [];
    for await (const ev of sseEvents(chunks(), { stopAtDone: true })) got.push(ev.data);
    expect(got).toEqual(['café']);
  });
});

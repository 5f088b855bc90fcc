// Server-sent events, as the WHATWG spec reads them: lines end in CRLF, LF or CR (a CR at the end
// of one network chunk and the LF at the start of the next are one line end), "data:" lines join
// with "\n", ":" starts a comment, a blank line dispatches the event, and a BOM may open the stream.

export interface SseEvent {
  /** "message" unless an "event:" line named it. */
  event: string;
  data: string;
  /** The last event id seen, if any. */
  id?: string;
}

export interface SseParser {
  /** Feeds decoded text; returns the events completed by it. */
  push(text: string): SseEvent[];
  /** Ends the input. An event left without its blank line is still dispatched (servers forget it). */
  end(): SseEvent[];
}

export function createSseParser(): SseParser {
  let pending = ''; // an unfinished line
  let skipLf = false; // the previous chunk ended in CR
  let first = true;
  let data: string[] = [];
  let hasData = false;
  let event = '';
  let lastId: string | undefined;

  function dispatch(out: SseEvent[]): void {
    if (hasData) out.push({ event: event || 'message', data: data.join('\n'), ...(lastId !== undefined ? { id: lastId } : {}) });
    data = [];
    hasData = false;
    event = '';
  }

  function line(l: string, out: SseEvent[]): void {
    if (l === '') return dispatch(out);
    if (l.startsWith(':')) return;
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        data.push(value);
        hasData = true;
        break;
      case 'event':
        event = value;
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      // "retry" and unknown fields are ignored.
    }
  }

  return {
    push(text) {
      const out: SseEvent[] = [];
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let i = 0;
      if (skipLf && text.startsWith('\n')) i = 1;
      skipLf = false;
      let from = i;
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c !== 0x0a && c !== 0x0d) continue;
        line(pending + text.slice(from, i), out);
        pending = '';
        if (c === 0x0d) {
          if (i + 1 < text.length) {
            if (text.charCodeAt(i + 1) === 0x0a) i++;
          } else skipLf = true;
        }
        from = i + 1;
      }
      pending += text.slice(from);
      return out;
    },
    end() {
      const out: SseEvent[] = [];
      if (pending) line(pending, out);
      pending = '';
      dispatch(out);
      return out;
    },
  };
}

/** The events of a byte stream; stops at a `data: [DONE]` event when asked to. */
export async function* sseEvents(source: AsyncIterable<Uint8Array>, opts: { stopAtDone?: boolean } = {}): AsyncGenerator<SseEvent> {
  const utf8 = new TextDecoder();
  const parser = createSseParser();
  for await (const bytes of source) {
    for (const ev of parser.push(utf8.decode(bytes, { stream: true }))) {
      if (opts.stopAtDone && ev.data.trim() === '[DONE]') return;
      yield ev;
    }
  }
  for (const ev of [...parser.push(utf8.decode()), ...parser.end()]) {
    if (opts.stopAtDone && ev.data.trim() === '[DONE]') return;
    yield ev;
  }
}

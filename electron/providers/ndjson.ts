// Newline-delimited JSON, read tolerantly: objects may also come back to back with no newline
// (one Inworld client saw that), lines may be megabytes long, and a network chunk may end
// anywhere, even inside a multi-byte UTF-8 character. Objects are found by counting braces,
// skipping over strings and their escapes, so a "}" inside a string never ends an object.

export class NdjsonError extends Error {
  override readonly name = 'NdjsonError';
}

const MAX_VALUE_CHARS = 64 * 1024 * 1024;

export interface NdjsonDecoder {
  /** Feeds bytes; returns the values completed by them. */
  push(bytes: Uint8Array): unknown[];
  /** Ends the input; throws if a value was left unfinished. */
  end(): unknown[];
}

export function createNdjsonDecoder(): NdjsonDecoder {
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  // Each decoded piece is scanned once; the pieces of an unfinished value are joined only when it
  // ends, so a long line costs linear time however finely the network cuts it.
  let parts: string[] = [];
  let partsLength = 0;
  let inValue = false;
  let depth = 0;
  let inString = false;
  let escaped = false;
  // A bad value is reported on the next call, so the good values before it are handed on first.
  let failure: NdjsonError | undefined;

  function scan(piece: string): unknown[] {
    if (failure) throw failure;
    const out: unknown[] = [];
    let from = 0; // where the current value starts in this piece
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      if (!inValue) {
        if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
          inValue = true;
          depth = 1;
          from = i;
        } else if (!isSpace(c)) {
          failure = new NdjsonError(`unexpected ${JSON.stringify(piece.slice(i, i + 20))} between JSON values`);
          if (out.length === 0) throw failure;
          return out;
        }
        continue;
      }
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 0x5c /* \ */) escaped = true;
        else if (c === 0x22 /* " */) inString = false;
        continue;
      }
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if ((c === 0x7d /* } */ || c === 0x5d) /* ] */ && --depth === 0) {
        parts.push(piece.slice(from, i + 1));
        const text = parts.join('');
        parts = [];
        partsLength = 0;
        inValue = false;
        try {
          out.push(JSON.parse(text));
        } catch (err) {
          failure = new NdjsonError(`malformed JSON value: ${(err as Error).message}`);
          if (out.length === 0) throw failure;
          return out;
        }
      }
    }
    if (inValue) {
      const rest = piece.slice(from);
      parts.push(rest);
      partsLength += rest.length;
      if (partsLength > MAX_VALUE_CHARS) throw new NdjsonError('JSON value too large');
    }
    return out;
  }

  return {
    push(bytes) {
      return scan(utf8.decode(bytes, { stream: true }));
    },
    end() {
      const out = scan(utf8.decode());
      if (inValue) throw new NdjsonError('the stream ended inside a JSON value');
      return out;
    },
  };
}

/** The JSON values of a byte stream, in order. */
export async function* ndjsonValues(source: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  const dec = createNdjsonDecoder();
  for await (const bytes of source) yield* dec.push(bytes);
  yield* dec.end();
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;
}

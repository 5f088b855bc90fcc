// The harness's WebSocket framing for events that carry audio. A message is one binary frame:
//   u32 (little-endian) header length | header JSON (UTF-8) | zero padding to 4 bytes | binary parts
// Typed arrays in the payload are replaced in the JSON by { "$bin": i } and sent raw as part i, so
// Float32 samples cross the socket as bytes, not as JSON numbers. The browser half of this codec is
// `decodeBinaryEventSource` below (plain JS, injected into the page by the init script).

interface PartRef {
  $bin: number;
  type: 'f32' | 'u8';
}

export function encodeBinaryEvent(channel: string, payload: unknown): Buffer {
  const parts: (Float32Array | Uint8Array)[] = [];
  const json = JSON.stringify({ channel, payload }, (_key, value: unknown) => {
    if (value instanceof Float32Array || value instanceof Uint8Array) {
      const ref: PartRef = { $bin: parts.length, type: value instanceof Float32Array ? 'f32' : 'u8' };
      parts.push(value);
      return ref;
    }
    return value;
  });
  const header = Buffer.from(JSON.stringify({ parts: parts.map((p) => p.byteLength) }) + '\n' + json, 'utf8');
  const headerEnd = 4 + header.length;
  const padded = Math.ceil(headerEnd / 4) * 4;
  const total = padded + parts.reduce((n, p) => n + Math.ceil(p.byteLength / 4) * 4, 0);
  const out = Buffer.alloc(total);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  let offset = padded;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), offset);
    offset += Math.ceil(p.byteLength / 4) * 4;
  }
  return out;
}

/** Whether a payload holds typed arrays, and so goes as a binary frame. */
export function hasBinary(value: unknown): boolean {
  if (value instanceof Float32Array || value instanceof Uint8Array) return true;
  if (value && typeof value === 'object') return Object.values(value).some(hasBinary);
  return false;
}

/** Browser-side decoder, as source text: `decodeBinaryEvent(arrayBuffer) -> { channel, payload }`. */
export const decodeBinaryEventSource = String.raw`
function decodeBinaryEvent(buf) {
  const view = new DataView(buf);
  const headerLength = view.getUint32(0, true);
  const text = new TextDecoder().decode(new Uint8Array(buf, 4, headerLength));
  const newline = text.indexOf('\n');
  const sizes = JSON.parse(text.slice(0, newline)).parts;
  let offset = Math.ceil((4 + headerLength) / 4) * 4;
  const parts = sizes.map((size) => {
    const at = offset;
    offset += Math.ceil(size / 4) * 4;
    return { at, size };
  });
  return JSON.parse(text.slice(newline + 1), (key, value) => {
    if (value && typeof value === 'object' && typeof value.$bin === 'number') {
      const p = parts[value.$bin];
      const bytes = buf.slice(p.at, p.at + p.size);
      return value.type === 'f32' ? new Float32Array(bytes) : new Uint8Array(bytes);
    }
    return value;
  });
}
`;

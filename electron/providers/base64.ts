// Base64 audio from JSON frames, as bytes the chunk model accepts (a plain ArrayBuffer, not a
// pooled Buffer slice that a later frame could share).
export function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

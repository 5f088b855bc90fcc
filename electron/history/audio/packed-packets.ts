// The compact form the library stores Opus packets in: (u16 LE length, bytes)*.

/** Packs packets for a library block. */
export function packPackets(packets: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(packets.reduce((a, p) => a + 2 + p.length, 0));
  let o = 0;
  for (const p of packets) {
    out[o] = p.length & 0xff;
    out[o + 1] = p.length >> 8;
    out.set(p, o + 2);
    o += 2 + p.length;
  }
  return out;
}

export function unpackPackets(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let o = 0;
  while (o + 2 <= bytes.length) {
    const n = bytes[o]! | (bytes[o + 1]! << 8);
    out.push(bytes.subarray(o + 2, o + 2 + n));
    o += 2 + n;
  }
  return out;
}

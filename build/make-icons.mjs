// Draws Aloud's icons (a blue rounded square with white sound bars) and writes them as PNGs, with no
// image library: shapes are signed-distance tests, anti-aliased by 4x4 supersampling.
// Run `node build/make-icons.mjs` after changing the drawing; the PNGs are committed.
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import console from 'node:console';

const here = dirname(fileURLToPath(import.meta.url));

/** Distance from (x, y) to a rounded box centred at (cx, cy) with half sizes hw, hh and radius r; < 0 inside. */
function roundedBox(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/**
 * The drawing in a unit square: returns [r, g, b, a] for a point. `background` false draws the bars
 * alone in black (a macOS template image, which the menu bar tints).
 */
function shade(x, y, { bars, background, state = 'idle' }) {
  // Paused: a pause sign (two equal bars) instead of the sound bars.
  const heights = state === 'paused' ? [0.5, 0.5] : bars === 3 ? [0.36, 0.62, 0.36] : [0.26, 0.48, 0.66, 0.48, 0.26];
  const span = state === 'paused' ? 0.3 : bars === 3 ? 0.5 : 0.56;
  const pitch = span / (heights.length - 1);
  const half = (state === 'paused' ? 0.14 : bars === 3 ? 0.095 : 0.06) / 2;
  let inBar = false;
  heights.forEach((h, i) => {
    const cx = 0.5 - span / 2 + i * pitch;
    if (roundedBox(x, y, cx, 0.5, half, h / 2, half) < 0) inBar = true;
  });
  // Reading: a green dot at the lower right, ringed so it stands apart from the icon.
  const dot = Math.hypot(x - 0.8, y - 0.8);
  if (state === 'reading' && dot < 0.2) {
    // The template's ring is a gap, so the dot stays apart from the bars.
    if (!background) return dot < 0.14 ? [0, 0, 0, 255] : [0, 0, 0, 0];
    return dot < 0.14 ? [22, 163, 74, 255] : [255, 255, 255, 255];
  }
  if (!background) return inBar ? [0, 0, 0, 255] : [0, 0, 0, 0];
  const inBox = roundedBox(x, y, 0.5, 0.5, 0.46, 0.46, 0.2) < 0;
  if (!inBox) return [0, 0, 0, 0];
  if (inBar) return [255, 255, 255, 255];
  // A gentle top-to-bottom gradient from a lighter to a deeper blue.
  const t = y;
  return [Math.round(59 - 22 * t), Math.round(130 - 52 * t), Math.round(246 - 40 * t), 255];
}

function render(size, style) {
  const ss = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const c = shade((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size, style);
          // Premultiply so edges blend towards the colour, not towards black.
          acc[0] += c[0] * c[3];
          acc[1] += c[1] * c[3];
          acc[2] += c[2] * c[3];
          acc[3] += c[3];
        }
      }
      const o = (py * size + px) * 4;
      const a = acc[3];
      rgba[o] = a ? Math.round(acc[0] / a) : 0;
      rgba[o + 1] = a ? Math.round(acc[1] / a) : 0;
      rgba[o + 2] = a ? Math.round(acc[2] / a) : 0;
      rgba[o + 3] = Math.round(a / (ss * ss));
    }
  }
  return encodePng(size, size, rgba);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function write(rel, png) {
  const path = join(here, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, png);
  console.log(`${rel} (${png.length} bytes)`);
}

const app = { bars: 5, background: true };
const small = { bars: 3, background: true };
const template = { bars: 3, background: false };

write('icon.png', render(512, app));
for (const size of [16, 32, 48, 64, 128, 256, 512]) write(`icons/${size}x${size}.png`, render(size, size <= 32 ? small : app));
// The tray shows whether Aloud is idle, reading or paused: tray.png, tray-reading.png, tray-paused.png.
for (const state of ['idle', 'reading', 'paused']) {
  const suffix = state === 'idle' ? '' : `-${state}`;
  write(`tray/tray${suffix}.png`, render(16, { ...small, state }));
  write(`tray/tray${suffix}@2x.png`, render(32, { ...small, state }));
  write(`tray/trayTemplate${suffix}.png`, render(16, { ...template, state }));
  write(`tray/trayTemplate${suffix}@2x.png`, render(32, { ...template, state }));
}

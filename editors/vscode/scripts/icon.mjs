// Draws images/icon.png (128×128): a manifest sheet with version lines and a check badge on a
// teal tile. Shapes are signed-distance functions, 4×4 supersampled; the PNG is written by hand
// (zlib + CRC-32) so nothing beyond Node is needed.  Run: node editors/vscode/scripts/icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SIZE = 128;
const SS = 4;
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'images', 'icon.png');

const roundRect = (x, y, cx, cy, hw, hh, r) => {
  const qx = Math.abs(x - cx) - (hw - r);
  const qy = Math.abs(y - cy) - (hh - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
const circle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;
const segment = (x, y, ax, ay, bx, by, r) => {
  const [px, py, dx, dy] = [x - ax, y - ay, bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - r;
};
const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);

/** The color at a point, as [r, g, b, a] in 0..1, layers painted back to front. */
function paint(x, y) {
  let c = [0, 0, 0, 0];
  const over = (color, inside) => {
    if (inside) c = [...color, 1];
  };
  // the tile: teal, a little lighter at the top
  const t = y / SIZE;
  over(mix([0.1, 0.47, 0.5], [0.05, 0.31, 0.36], t), roundRect(x, y, 64, 64, 60, 60, 22) <= 0);
  // the sheet and its folded corner
  const onSheet = roundRect(x, y, 58, 62, 30, 40, 6) <= 0;
  const corner = x > 72 && y < 38; // the top-right 16×16 of the sheet
  over([0.97, 0.98, 0.98], onSheet && !(corner && x - 72 > y - 22));
  over([0.78, 0.86, 0.87], onSheet && corner && x - 72 <= y - 22);
  // version lines: a short key and a longer value, like `version: '1.2.3:0'`
  const lines = [
    [40, 48, 50, 72],
    [40, 62, 48, 76],
    [40, 76, 52, 66],
  ];
  for (const [x0, yy, x1, x2] of lines) {
    over([0.1, 0.47, 0.5], segment(x, y, x0, yy, x1, yy, 2.6) <= 0);
    over([0.55, 0.7, 0.72], segment(x, y, x1 + 7, yy, x2, yy, 2.6) <= 0);
  }
  // the badge: a warm circle with a white check
  const badge = circle(x, y, 88, 90, 20);
  over([0.05, 0.31, 0.36], circle(x, y, 88, 90, 23) <= 0);
  over([0.96, 0.65, 0.18], badge <= 0);
  const check = Math.min(segment(x, y, 79, 90, 86, 97, 3.2), segment(x, y, 86, 97, 98, 83, 3.2));
  over([1, 1, 1], check <= 0);
  return c;
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = paint(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        // premultiplied, so edges against transparency stay clean
        acc[0] += c[0] * c[3];
        acc[1] += c[1] * c[3];
        acc[2] += c[2] * c[3];
        acc[3] += c[3];
      }
    }
    const a = acc[3] / (SS * SS);
    const at = y * (SIZE * 4 + 1) + 1 + x * 4;
    for (let i = 0; i < 3; i++) raw[at + i] = a > 0 ? Math.round((acc[i] / acc[3]) * 255) : 0;
    raw[at + 3] = Math.round(a * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${png.length} bytes)`);

// Scan-like gray pages for the benchmark: off-white paper with sensor noise, ruled lines, a header
// box and handwriting-like strokes, encoded as ~150 KB JPEGs at 150 dpi (1240 × 1754 for A4).
import { encodeGrayJpeg } from "./gray-jpeg.ts";

export const A4_150DPI = { width: 1240, height: 1754 } as const;

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

export function scanPixels(seed: number, noise: number, { width, height } = A4_150DPI): Uint8Array {
  const rand = rng(seed);
  const px = new Uint8Array(width * height);
  const paper = 232 + Math.floor(rand() * 10);
  for (let i = 0; i < px.length; i++) px[i] = paper + Math.floor((rand() - 0.5) * noise);
  const ink = (x: number, y: number, v: number) => {
    if (x >= 0 && y >= 0 && x < width && y < height) px[y * width + x] = Math.min(px[y * width + x]!, v);
  };
  for (let y = 260; y < height - 80; y += 50) for (let x = 80; x < width - 80; x++) ink(x, y + Math.floor((x / width) * 3), 190); // ruled lines
  for (let x = 80; x < width - 80; x++) for (const y of [80, 240]) ink(x, y, 60); // header box
  for (let line = 0; line < 28; line++) {
    let x = 110 + rand() * 60;
    const y0 = 250 + line * 50;
    const end = 300 + rand() * (width - 450);
    let y = y0;
    while (x < end) {
      y = Math.max(y0 - 30, Math.min(y0 - 5, y + (rand() - 0.5) * 6));
      for (let t = 0; t < 3; t++) ink(Math.round(x) + t, Math.round(y), 40 + rand() * 40);
      x += 0.8 + rand();
    }
  }
  return px;
}

/** One JPEG of about `targetBytes` (the noise is tuned on the first seed, then reused). */
export function scanJpegs(count: number, targetBytes = 150_000, quality = 75): Uint8Array[] {
  let noise = 14;
  for (let i = 0; i < 4; i++) {
    const size = encodeGrayJpeg(scanPixels(1, noise), A4_150DPI.width, A4_150DPI.height, quality).length;
    if (Math.abs(size - targetBytes) / targetBytes < 0.12) break;
    noise = Math.max(1, noise * (targetBytes / size) ** 0.7);
  }
  return Array.from({ length: count }, (_, i) => encodeGrayJpeg(scanPixels(i + 1, noise), A4_150DPI.width, A4_150DPI.height, quality));
}

/** The same JPEG with a distinct COM segment after SOI: every page then has its own bytes. */
export function varyJpeg(jpeg: Uint8Array, tag: string): Uint8Array {
  const text = new TextEncoder().encode(tag);
  const com = new Uint8Array(4 + text.length);
  com.set([0xff, 0xfe, (text.length + 2) >> 8, (text.length + 2) & 0xff]);
  com.set(text, 4);
  const out = new Uint8Array(jpeg.length + com.length);
  out.set(jpeg.subarray(0, 2));
  out.set(com, 2);
  out.set(jpeg.subarray(2), 2 + com.length);
  return out;
}

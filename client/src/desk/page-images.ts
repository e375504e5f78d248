// Page images for the desk: the server's image of each page (JPEG) (a redacted twin for graders), decoded
// off the main thread by the browser and painted on the page's canvas — no PDF parsing. pdf.js is
// only the fallback for a page whose image failed.

import type { PageImages } from "../../../collab/contract/api/desk.ts";

export type { PageImages };

/** The width of the reading image (server/imaging/image-sizes.ts): zoomed past it, the high one. */
export const READ_WIDTH = 1240;

const KEEP = 24;
const cache = new Map<string, Promise<HTMLImageElement>>();

/** A decoded image (shared by every caller; a few dozen kept, the oldest dropped). */
export function loadImage(url: string): Promise<HTMLImageElement> {
  const hit = cache.get(url);
  if (hit) {
    cache.delete(url);
    cache.set(url, hit);
    return hit;
  }
  const img = new Image();
  img.decoding = "async";
  img.src = url;
  const p = img.decode().then(() => img);
  p.catch(() => cache.delete(url));
  cache.set(url, p);
  while (cache.size > KEEP) cache.delete(cache.keys().next().value as string);
  return p;
}

/** Starts loading and decoding the images, ignoring failures (the desk reports its own). */
export function prefetchImages(urls: string[]): void {
  for (const u of urls) loadImage(u).catch(() => {});
}

/** Draws `img` on `canvas` at `cssWidth` × `cssHeight` CSS pixels (after the view rotation), sharp on dense screens. */
export function paintImage(canvas: HTMLCanvasElement, img: HTMLImageElement, cssWidth: number, cssHeight: number, rotation: number): void {
  const dpr = Math.min(window.devicePixelRatio || 1, 3);
  canvas.width = Math.max(1, Math.floor(cssWidth * dpr));
  canvas.height = Math.max(1, Math.floor(cssHeight * dpr));
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const turned = rotation === 90 || rotation === 270;
  const w = turned ? canvas.height : canvas.width;
  const h = turned ? canvas.width : canvas.height;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.imageSmoothingQuality = "high";
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate((rotation * Math.PI) / 180);
  ctx.drawImage(img, -w / 2, -h / 2, w, h);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

/** Which image a page needs at this size: the reading one, or the high one when zoomed past it. */
export function imageFor(images: PageImages, pagePx: number): string {
  return pagePx > READ_WIDTH * 1.15 ? images.high : images.read;
}

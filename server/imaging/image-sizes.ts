// The image variants and the limits every rasterization obeys (bounded memory on any page).
export const VARIANTS = ["thumb", "read", "high"] as const;
export type Variant = (typeof VARIANTS)[number];

/** width in pixels of the page as displayed */
export const TARGET_WIDTH: Record<Variant, number> = { thumb: 240, read: 1240, high: 2480 };

/** no raster bigger than this many pixels (~36 MB grey at most): huge pages are scaled down */
export const MAX_PIXELS = 2480 * 3508 * 1.5;

/** no page rendered above this resolution, whatever its size (a 1-inch page is not drawn 2,480 px wide at 2,480 dpi) */
export const MAX_DPI = 400;

/**
 * WebP per variant. Reading and high resolution: effort 0 (libwebp's method 0, no rate-distortion
 * search) encodes ~40 % faster than effort 2; its quality scale is not effort 2's, and 45 here gives
 * the PSNR that 62 gave at effort 2 for ~3-13 % more bytes (docs/anonymity.md, "Rasterization";
 * scripts/bench/raster.ts). The thumbnail is too small for its encode to matter: it keeps effort 2.
 */
export const WEBP: Record<Variant, { quality: number; effort: number }> = {
  thumb: { quality: 62, effort: 2 },
  read: { quality: 45, effort: 0 },
  high: { quality: 45, effort: 0 },
};

/** The grey of replaced identity pixels (not white: a grader sees that something was hidden). */
export const REDACTION_GREY = 200;

/** a scanned image above this many pixels is not decoded (a 600-dpi A3 scan is 70 million) */
export const MAX_SOURCE_IMAGE_PIXELS = 150_000_000;

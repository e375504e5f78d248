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
 * The encoding per variant. Reading and high resolution: grey JPEG, quality 80 (libjpeg-turbo):
 * against the WebP they replaced (effort 0, quality 45) on the dense vector page of
 * copy_12p_heavy.pdf, encoding ~25 against ~85 ms, decoding (in the browser too) ~15 against
 * ~90 ms, PSNR 39.1 against 37.6 dB, 250 against 188 kB (docs/anonymity.md, "Rasterization").
 * The thumbnail stays WebP (effort 2): its encode is ~2 ms and the stapler shows hundreds of them.
 * Images stored before keep their format: the file's extension says which it is.
 */
export type ImageEncoding = { format: "webp"; quality: number; effort: number } | { format: "jpeg"; quality: number };
export const ENCODING: Record<Variant, ImageEncoding> = {
  thumb: { format: "webp", quality: 62, effort: 2 },
  read: { format: "jpeg", quality: 80 },
  high: { format: "jpeg", quality: 80 },
};

/** The file extension of an encoding, and the Content-Type a stored image is served with (by its extension). */
export const EXTENSION = { webp: "webp", jpeg: "jpg" } as const;
export function imageContentType(file: string): string {
  return file.endsWith(".jpg") ? "image/jpeg" : "image/webp";
}

/** The grey of replaced identity pixels (not white: a grader sees that something was hidden). */
export const REDACTION_GREY = 200;

/** a scanned image above this many pixels is not decoded (a 600-dpi A3 scan is 70 million) */
export const MAX_SOURCE_IMAGE_PIXELS = 150_000_000;

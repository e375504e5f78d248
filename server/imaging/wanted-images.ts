// Which images a page must have, and which of those it lacks. Thumbnail and reading size always
// (original); their redacted twins when an identity zone covers the page's position. The high
// resolution is made on demand (see high-image.ts).
import type { IdentityZone } from "./identity-zones.ts";
import { zonesForPosition } from "./identity-zones.ts";
import type { Variant } from "./image-sizes.ts";
import { pageKey, type PageSource } from "./page-key.ts";

export interface WantedImage {
  variant: Variant;
  /** null: the original; otherwise the zones painted over */
  zones: IdentityZone[] | null;
  key: string;
}

export interface PageForImages extends PageSource {
  copyId: string | null;
  position: number;
  /** an extra answer sheet attached to the copy: its printed name box is hidden wherever it lands */
  extraBookletId: string | null;
}

/** The band of an extra answer sheet where the student writes the copy's name or code (printed 8–30 mm from the top). */
export const EXTRA_SHEET_NAME_ZONE: IdentityZone = { page: null, x: 0, y: 0, w: 1, h: 0.12 };

/** The zones of this page: none for a loose page (only the office sees it, in the stapler). */
export function pageZones(page: PageForImages, zones: readonly IdentityZone[]): IdentityZone[] {
  if (!page.copyId) return [];
  const own = zonesForPosition(zones, page.position);
  return page.extraBookletId ? [...own, EXTRA_SHEET_NAME_ZONE] : own;
}

export function wantedImages(page: PageForImages, zones: readonly IdentityZone[], variants: readonly Variant[] = ["thumb", "read"]): WantedImage[] {
  const own = pageZones(page, zones);
  const out: WantedImage[] = [];
  for (const variant of variants) {
    out.push({ variant, zones: null, key: pageKey(page) });
    if (own.length) out.push({ variant, zones: own, key: pageKey(page, own) });
  }
  return out;
}

export function missingImages(wanted: WantedImage[], have: ReadonlyArray<{ variant: string; redacted: boolean; key: string }>): WantedImage[] {
  return wanted.filter((w) => !have.some((h) => h.variant === w.variant && h.redacted === (w.zones !== null) && h.key === w.key));
}

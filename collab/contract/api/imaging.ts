// Page images (the original or its redacted twin, as the policy allows) and the identity zones of an
// exam: where a student's name is written on the pages (docs/anonymity.md).
import { z } from "zod";
import { Id, IdParam } from "../common.ts";
import { route } from "./route.ts";

const unit = z.number().min(0).max(1);

/** A zone in normalized page coordinates (x, y from the top-left corner of the page as displayed). */
export const IdentityZone = z
  .strictObject({
    /** 1-based page position in the copy; null: every page */
    page: z.number().int().min(1).max(500).nullable(),
    x: unit,
    y: unit,
    w: z.number().gt(0).max(1),
    h: z.number().gt(0).max(1),
  })
  .refine((zn) => zn.x + zn.w <= 1 + 1e-9 && zn.y + zn.h <= 1 + 1e-9, { message: "the zone must lie inside the page" });
export type IdentityZone = z.infer<typeof IdentityZone>;

export const IdentityZones = z.array(IdentityZone).max(20);

export const IdentityZonesInput = z.strictObject({
  zones: IdentityZones,
  supervisorsSeeNames: z.boolean().optional(),
});

export const IdentityZonesView = z.object({
  zones: z.array(IdentityZone),
  supervisorsSeeNames: z.boolean(),
  /** the first page of the first copy, to draw the zones on (null: no copy yet) */
  samplePage: z.object({ id: Id, widthPt: z.number(), heightPt: z.number() }).nullable(),
});
export type IdentityZonesView = z.infer<typeof IdentityZonesView>;

/** thumb (240 px wide), read (1,240 px), high (2,480 px) */
export const PageImageVariant = z.enum(["thumb", "read", "high"]);

export const PageImageParam = z.strictObject({ id: Id, variant: PageImageVariant });
/** `?v=<sha256 prefix>` pins the image: the answer may then be kept for good */
export const PageImageQuery = z.object({
  v: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/)
    .optional(),
});

export const imagingApi = {
  identityZones: route({
    method: "GET",
    path: "/api/exams/:id/identity-zones",
    summary: "The exam's identity zones, whether its supervisors see names, and a page to draw them on",
    access: ["ADMIN", "SUPERVISOR"],
    params: IdParam,
    response: IdentityZonesView,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  setIdentityZones: route({
    method: "PUT",
    path: "/api/exams/:id/identity-zones",
    summary: "Set the identity zones (and whether supervisors see names); the redacted images are made again",
    access: ["ADMIN"],
    params: IdParam,
    body: IdentityZonesInput,
    response: IdentityZonesView,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  pageImage: route({
    method: "GET",
    path: "/api/pages/:id/images/:variant",
    summary:
      "A page image as the policy allows it: the original, or its redacted twin (ETag, 304; kept for good with ?v=); JPEG for reading sizes, WebP for thumbnails and images made before",
    access: ["ADMIN", "SUPERVISOR", "GRADER"],
    params: PageImageParam,
    query: PageImageQuery,
    response: { file: "image/jpeg" },
    errors: ["NOT_FOUND", "IMAGE_FAILED", "IMAGE_NOT_READY"],
  }),
};

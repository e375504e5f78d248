// Identity zones of an exam (docs/anonymity.md) and the URL of a page image.
import { imagingApi as api, type IdentityZone, type IdentityZonesView } from "../../../collab/contract/api/imaging.ts";
import { call, urlOf } from "./call.ts";

export type { IdentityZone, IdentityZonesView };

export const identityZones = (examId: string) => call(api.identityZones, { params: { id: examId } });

export const saveIdentityZones = (examId: string, zones: IdentityZone[], supervisorsSeeNames: boolean) =>
  call(api.setIdentityZones, { params: { id: examId }, body: { zones, supervisorsSeeNames } });

/** A page image the browser fetches itself (thumb, read or high), as the policy allows it. */
export const pageImageUrl = (pageId: string, variant: "thumb" | "read" | "high") => urlOf(api.pageImage, { id: pageId, variant });

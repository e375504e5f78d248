// Which page image an actor gets: the page's copy is checked like the copy's scan (a grader only a
// dispatched copy; anything else answers like a missing page), then the policy says whether the
// actor may see the student's identity; if not and an identity zone covers the page, only its
// redacted twin is ever served.
import type { Db } from "../db/client.ts";
import { notFound } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { can } from "../policy/policy.ts";
import { isSecondMarker } from "../moderation/blind-facts.ts";
import { parseZones, type IdentityZone } from "./identity-zones.ts";
import { pageZones, type PageForImages } from "./wanted-images.ts";

export interface ImagePageAccess {
  page: PageForImages & { id: string; imageError: string | null };
  examId: string;
  zones: IdentityZone[];
  /** the zones painted over for this actor on this page; empty: the original */
  redactZones: IdentityZone[];
}

const examFields = { id: true, identityZones: true, supervisorsSeeNames: true } as const;

export async function loadImagePage(db: Db, actor: Actor, pageId: string): Promise<ImagePageAccess> {
  const page = await db.page.findUnique({
    where: { id: pageId },
    select: {
      id: true,
      copyId: true,
      position: true,
      sourcePath: true,
      sourcePage: true,
      rotation: true,
      half: true,
      imageError: true,
      extraBookletId: true,
      copy: {
        select: {
          assignments: { where: { graderId: actor.id }, select: { id: true } },
          secondMarking: { select: { markerId: true, status: true } },
          exam: { select: examFields },
        },
      },
      batch: { select: { exam: { select: examFields } } },
    },
  });
  // the same answer for a missing page and one the actor may not see
  if (!page) throw notFound("Page");
  const visible =
    can(actor, "scan.view") &&
    (page.copy
      ? can(actor, "copy.readScan", { assigned: page.copy.assignments.length > 0, secondMarker: isSecondMarker(actor, page.copy.secondMarking) })
      : can(actor, "batch.read")); // a loose page: the office's stapler
  const exam = page.copy?.exam ?? page.batch?.exam;
  if (!visible || !exam) throw notFound("Page");
  const zones = parseZones(exam.identityZones);
  const own = pageZones(page, zones);
  const redactZones = can(actor, "copy.seeIdentity", { supervisorsSeeNames: exam.supervisorsSeeNames }) ? [] : own;
  const { copy: _c, batch: _b, ...plain } = page;
  return { page: plain, examId: exam.id, zones, redactZones };
}

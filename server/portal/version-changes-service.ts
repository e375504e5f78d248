// A student's released versions of one copy, what changed between two of them (per question, with
// the reason) and the PDF of any of them. Visibility is the portal's: another student's copy, an
// unreleased one, a version that does not exist all answer NOT_FOUND, word for word like a copy id
// that was never issued; staff are refused (the portal is for students).
import fs from "node:fs/promises";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, authorizeOrHide } from "../policy/policy.ts";
import type { ReleasedContent } from "../release/released-version.ts";
import type { MediaStore } from "../storage/media-store.ts";
import { hasShown, type PortalPdf } from "./portal-service.ts";
import { versionChanges, type FrozenVersion, type QuestionChange, type VersionChanges } from "./version-changes.ts";

export interface PortalVersionSummary {
  readonly number: number;
  readonly releasedAt: string;
  readonly total: number;
  readonly maxPoints: number;
  readonly pdf: { readonly url: string; readonly downloadUrl: string; readonly sizeBytes: number };
}

export interface PortalVersionChanges {
  /** every released version, newest first */
  readonly versions: readonly PortalVersionSummary[];
  /** the version the student is shown; null: released before versions existed */
  readonly current: number | null;
  /** the version compared with; null when there is no earlier one */
  readonly from: number | null;
  /** only the questions whose mark (or max) moved */
  readonly changes: readonly QuestionChange[];
  readonly total: VersionChanges["total"] | null;
}

const NOT_FOUND = () => new AppError("NOT_FOUND", "Not found");
export const versionPdfUrl = (copyId: string, n: number) => `/api/portal/copies/${copyId}/versions/${n}/pdf`;

const VERSION_SELECT = {
  number: true,
  releasedAt: true,
  total: true,
  maxPoints: true,
  docHash: true,
  rubricVersion: true,
  pdfPath: true,
  pdfSha256: true,
  pdfSizeBytes: true,
} as const;

export class VersionChangesService {
  constructor(
    private readonly db: Db,
    private readonly media: MediaStore,
  ) {}

  async changes(actor: Actor, copyId: string, from: number | undefined): Promise<PortalVersionChanges> {
    const c = await this.visible(actor, copyId, true);
    const versions = c.releasedVersions;
    const current = versions.at(-1);
    const summaries = versions.map((v) => this.summary(copyId, v)).reverse();
    if (!current) return { versions: [], current: null, from: null, changes: [], total: null };
    if (from === undefined && versions.length < 2) return { versions: summaries, current: current.number, from: null, changes: [], total: null };
    const start = from ?? versions.at(-2)!.number;
    if (start === current.number)
      throw new AppError("NOT_AN_EARLIER_VERSION", `Version ${start} is the current version: compare with an earlier one`, { current: current.number });
    if (!versions.some((v) => v.number === start)) throw NOT_FOUND(); // unknown or future: like a missing copy
    const range = versions.filter((v) => v.number >= start);
    const regrades = await this.db.regradeRequest.findMany({
      where: { copyId, status: "RESOLVED", resolvedVersion: { gt: start, lte: current.number } },
      select: { questionId: true, resolvedVersion: true },
    });
    const frozen: FrozenVersion[] = range.map((v) => ({
      number: v.number,
      docHash: v.docHash,
      rubricVersion: v.rubricVersion,
      total: v.total,
      maxPoints: v.maxPoints,
      marks: (v.content as unknown as ReleasedContent).marks,
    }));
    const diff = versionChanges(
      frozen,
      regrades.map((r) => ({ questionId: r.questionId, resolvedVersion: r.resolvedVersion! })),
    );
    return { versions: summaries, current: current.number, from: start, changes: diff.changes, total: diff.total };
  }

  async pdf(actor: Actor, copyId: string, n: number): Promise<PortalPdf> {
    const c = await this.visible(actor, copyId, false);
    const v = c.releasedVersions.find((x) => x.number === n);
    if (!v) throw NOT_FOUND();
    const absPath = this.media.abs(v.pdfPath);
    await fs.access(absPath); // a missing file is a server fault (500, logged), not the student's
    const who = c.student ? ` - ${c.student.lastName} ${c.student.firstName}` : "";
    return { absPath, sha256: v.pdfSha256, sizeBytes: v.pdfSizeBytes, fileName: `${c.exam.title}${who} - version ${v.number}.pdf` };
  }

  private summary(copyId: string, v: { number: number; releasedAt: Date; total: number; maxPoints: number; pdfSizeBytes: number }): PortalVersionSummary {
    const url = versionPdfUrl(copyId, v.number);
    return {
      number: v.number,
      releasedAt: v.releasedAt.toISOString(),
      total: v.total,
      maxPoints: v.maxPoints,
      pdf: { url, downloadUrl: `${url}?download=1`, sizeBytes: v.pdfSizeBytes },
    };
  }

  /** The copy with its versions (ascending) if the actor may see it in the portal; as PortalService decides. */
  private async visible(actor: Actor, copyId: string, withContent: boolean) {
    authorize(actor, "portal.access");
    const c = await this.db.copy.findUnique({
      where: { id: copyId },
      select: {
        state: true,
        docHash: true,
        releasedAt: true,
        exam: { select: { title: true } },
        student: { select: { userId: true, lastName: true, firstName: true } },
        releasedVersions: { orderBy: { number: "asc" }, select: { ...VERSION_SELECT, content: withContent } },
      },
    });
    authorizeOrHide(actor, "portal.viewCopy", {
      ownerUserId: c?.student?.userId ?? null,
      releasedAt: c?.releasedAt ?? null,
      hasReleasedVersion: c ? hasShown(c) : false,
    });
    return c!;
  }
}

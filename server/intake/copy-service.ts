// One copy for the desks: its pages (for the stapler and the identification desk) and its PDF.
import type { CopyDetail } from "../../collab/contract/api/intake.ts";
import type { AppContext } from "../context.ts";
import type { Actor } from "../policy/actor.ts";
import { can } from "../policy/policy.ts";
import { MediaStore } from "../storage/media-store.ts";
import { loadViewableCopy } from "./copy-access.ts";
import { pageListHash } from "./page-list-hash.ts";
import { redactedPdfHash } from "../imaging/redacted-pdf-hash.ts";
import { toPageView } from "./page-view.ts";
import { parseZones } from "../imaging/identity-zones.ts";
import { PageImageService } from "../imaging/page-image-service.ts";
import { pageZones } from "../imaging/wanted-images.ts";

export type { CopyDetail };

export class CopyService {
  private readonly media: MediaStore;

  constructor(private readonly ctx: AppContext) {
    this.media = new MediaStore(ctx.config.mediaDir);
  }

  async get(actor: Actor, copyId: string): Promise<CopyDetail> {
    const copy = await loadViewableCopy(this.ctx.db, actor, copyId);
    const identity =
      can(actor, "copies.list") && copy.studentId
        ? await this.ctx.db.student.findUnique({
            where: { id: copy.studentId },
            select: { id: true, lastName: true, firstName: true, className: true, ine: true },
          })
        : null;
    const hash = pageListHash(copy.pages);
    return {
      id: copy.id,
      examId: copy.examId,
      anonymousCode: copy.anonymousCode,
      state: copy.state,
      batchId: copy.batchId,
      student: identity,
      pages: copy.pages.map(toPageView),
      pagesHash: hash,
      pdfUrl: `/api/copies/${copy.id}/pdf?v=${hash.slice(0, 16)}`,
    };
  }

  /**
   * The ETag (page list hash) first, so a revalidation costs one query and no PDF work. Whoever may
   * not know the student gets a PDF made of the redacted page images, never the scan.
   */
  async pdf(actor: Actor, copyId: string): Promise<{ etag: string; hash: string; file: () => Promise<string>; fileName: string; empty: boolean }> {
    const copy = await loadViewableCopy(this.ctx.db, actor, copyId);
    const hash = pageListHash(copy.pages);
    const title = `${copy.exam.title} — ${copy.anonymousCode}`;
    const zones = parseZones(copy.exam.identityZones);
    const hide =
      !can(actor, "copy.seeIdentity", { supervisorsSeeNames: copy.exam.supervisorsSeeNames }) && copy.pages.some((p) => pageZones(p, zones).length > 0);
    if (hide) {
      const rhash = redactedPdfHash(hash, zones);
      const file = async () =>
        (await import("../imaging/redacted-copy-pdf.ts")).cachedRedactedPdf(
          this.media,
          new PageImageService(this.ctx),
          copy.examId,
          copy.pages,
          zones,
          title,
          rhash,
        );
      return { etag: `"${rhash}"`, hash: rhash, file, fileName: `${copy.anonymousCode}.pdf`, empty: copy.pages.length === 0 };
    }
    return {
      etag: `"${hash}"`,
      hash,
      // the PDF modules (pdf-lib, sharp) load with the first PDF built, not with the server
      file: async () => (await import("./copy-pdf.ts")).cachedCopyPdf(this.media, copy.pages, title, hash),
      fileName: `${copy.anonymousCode}.pdf`,
      empty: copy.pages.length === 0,
    };
  }
}

// Gathers everything the pure renderer needs for one finalized copy: the frozen document (checked
// against the hash stored at finalize), the source scans, the scale, the people and the dates.
import fs from "node:fs/promises";
import { docContentFingerprint, readCopyDoc } from "../../collab/index.ts";
import type { Db } from "../db/client.ts";
import type { MediaStore } from "../storage/media-store.ts";
import { prismaQueryable } from "../grading/sql.ts";
import { agreedOverlay } from "../moderation/agreed-marks.ts";
import { loadMarksContext, marksHashOf, marksView } from "./copy-marks-view.ts";
import { loadCopyDoc } from "./load-copy-doc.ts";
import type { RenderInput, RenderPage } from "./render-types.ts";

const dayInParis = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "2-digit", month: "2-digit", year: "numeric" });
const calendarDay = new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" });

async function loadCopy(db: Db, copyId: string) {
  return db.copy.findUniqueOrThrow({
    where: { id: copyId },
    include: {
      exam: { select: { title: true, subject: true, examDate: true } },
      student: { select: { lastName: true, firstName: true, className: true } },
      pages: { orderBy: { position: "asc" } },
      assignments: { orderBy: { createdAt: "asc" }, select: { grader: { select: { displayName: true } } } },
    },
  });
}

/** Staff who wrote in the document, after the assigned graders, each once. */
async function graderNames(db: Db, copyId: string, assigned: string[]): Promise<string[]> {
  const authors = await db.copyDocUpdate.findMany({
    where: { copyId, authorId: { not: null } },
    distinct: ["authorId"],
    orderBy: { seq: "asc" },
    select: { authorId: true },
  });
  const ids = authors.map((a) => a.authorId!);
  const users = new Map((await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true, role: true } })).map((u) => [u.id, u]));
  const staff = ids.flatMap((id) => {
    const u = users.get(id);
    return u && u.role !== "STUDENT" ? [u.displayName] : [];
  });
  return [...new Set([...assigned, ...staff])];
}

async function readSources(media: MediaStore, paths: string[]): Promise<Uint8Array[]> {
  return Promise.all(
    paths.map(async (rel) => {
      try {
        return new Uint8Array(await fs.readFile(media.abs(rel)));
      } catch (e) {
        throw new Error(`source scan ${rel} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }),
  );
}

export interface BuiltRenderInput {
  readonly input: RenderInput;
  /** fingerprint of the marks on the score sheet (copy-marks-view.ts) */
  readonly marksHash: string;
}

export async function buildRenderInput(db: Db, media: MediaStore, copyId: string, docHash: string): Promise<BuiltRenderInput> {
  const copy = await loadCopy(db, copyId);
  const doc = await loadCopyDoc(db, copyId);
  try {
    if (docContentFingerprint(doc) !== docHash) throw new Error("the copy document changed after it was finalized (content hash mismatch)");
    const content = readCopyDoc(doc);
    if (copy.pages.length === 0) throw new Error("the copy has no pages");
    const ctx = await loadMarksContext(db, copy.examId, copy.variant);
    const agreed = (await agreedOverlay(prismaQueryable(db), [copyId])).get(copyId);
    const view = marksView(ctx, { decisions: content, comments: content.comments, general: content.general, agreed });
    const paths = [...new Set(copy.pages.map((p) => p.sourcePath))];
    const pages: RenderPage[] = copy.pages.map((p) => ({ source: paths.indexOf(p.sourcePath), sourcePage: p.sourcePage, rotation: p.rotation, half: p.half }));
    const finalizedAt = copy.finalizedAt ?? new Date();
    const studentName = copy.student ? `${copy.student.lastName} ${copy.student.firstName}` : undefined;
    const input: RenderInput = {
      sources: await readSources(media, paths),
      pages,
      annotations: content.annotations.filter((a) => a.page < pages.length),
      questions: view.marks.map((m) => ({ id: m.questionId, label: m.label, points: m.score, max: m.max })),
      sheet: {
        examTitle: copy.exam.title,
        subject: copy.exam.subject ?? undefined,
        examDate: copy.exam.examDate ? calendarDay.format(copy.exam.examDate) : undefined,
        anonymousCode: copy.anonymousCode,
        studentName,
        className: copy.student?.className ?? undefined,
        rows: view.rows,
        total: view.total,
        max: view.max,
        general: content.general,
        graders: await graderNames(
          db,
          copyId,
          copy.assignments.map((a) => a.grader.displayName),
        ),
        dateText: dayInParis.format(finalizedAt),
      },
      meta: {
        title: `${copy.exam.title} — copie ${copy.anonymousCode}`,
        subject: copy.exam.subject ?? "Copie corrigée",
        keywords: [copy.exam.title, copy.exam.subject, copy.anonymousCode, "Korrigo", "copie corrigée"].filter((k): k is string => !!k),
        createdAt: finalizedAt.getTime(),
      },
    };
    return { input, marksHash: marksHashOf(view) };
  } finally {
    doc.destroy();
  }
}

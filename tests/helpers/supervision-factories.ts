// Factories for supervision, release, portal and export tests: an exam with a fixed code prefix and
// scale, students (with or without an account), and copies in any state whose document holds
// scores and comments built with the collab helpers — a finalized copy carries its docHash, a
// graded one a RenderedArtifact pointing to a real PDF in the media dir.
import crypto from "node:crypto";
import { PDFDocument, StandardFonts } from "pdf-lib";
import * as Y from "yjs";
import { contentFingerprint, readCopyDoc, setComment, setGeneralComment, setScore } from "../../collab/index.ts";
import type { CopyState, Db } from "../../server/db/client.ts";
import { loadMarksContext, marksHashOf, marksView } from "../../server/render/copy-marks-view.ts";
import { MediaStore } from "../../server/storage/media-store.ts";
import { createUser } from "./factories.ts";
import { withCodePrefix } from "./exam-code-prefix.ts";

export interface ScaleLeaf {
  id: string;
  label: string;
  maxPoints: number;
}

export interface SupervisedExam {
  id: string;
  title: string;
  codePrefix: string;
  /** Exercice 1 › 1.a (/4), 1.b (/6); Exercice 2 › 2 (/10): total 20 */
  leaves: ScaleLeaf[];
}

export async function createSupervisedExam(db: Db, opts: { title?: string; codePrefix?: string } = {}): Promise<SupervisedExam> {
  const exam = await withCodePrefix(
    (codePrefix) =>
      db.exam.create({
        data: {
          title: opts.title ?? `Bac blanc ${codePrefix}`,
          subject: "Mathématiques",
          examDate: new Date(Date.UTC(2026, 10, 18)),
          status: "ACTIVE",
          codePrefix,
        },
      }),
    opts.codePrefix,
  );
  const ex1 = await db.scaleNode.create({ data: { examId: exam.id, kind: "EXERCISE", label: "Exercice 1", position: 1 } });
  const ex2 = await db.scaleNode.create({ data: { examId: exam.id, kind: "EXERCISE", label: "Exercice 2", position: 2 } });
  const leaves: ScaleLeaf[] = [];
  for (const l of [
    { parentId: ex1.id, label: "1.a", position: 1, maxPoints: 4 },
    { parentId: ex1.id, label: "1.b", position: 2, maxPoints: 6 },
    { parentId: ex2.id, label: "2", position: 1, maxPoints: 10 },
  ]) {
    const q = await db.scaleNode.create({ data: { examId: exam.id, kind: "QUESTION", ...l } });
    leaves.push({ id: q.id, label: l.label, maxPoints: l.maxPoints });
  }
  return { id: exam.id, title: exam.title, codePrefix: exam.codePrefix, leaves };
}

export interface StudentSpec {
  lastName: string;
  firstName: string;
  birthDate?: string;
  ine?: string;
  className?: string;
  /** create a STUDENT account linked to the student */
  account?: boolean;
}

export async function createStudent(db: Db, spec: StudentSpec) {
  const user = spec.account ? await createUser(db, "STUDENT") : null;
  const student = await db.student.create({
    data: {
      lastName: spec.lastName,
      firstName: spec.firstName,
      birthDate: spec.birthDate ? new Date(`${spec.birthDate}T00:00:00Z`) : null,
      ine: spec.ine ?? null,
      className: spec.className ?? null,
      userId: user?.id ?? null,
    },
  });
  return { student, user };
}

export interface DocSpec {
  /** question id → score */
  scores?: Record<string, number | null>;
  comments?: Record<string, string>;
  general?: string;
}

/** One Yjs update holding the scores and comments, and the content hash finalize would store. */
export function buildDoc(spec: DocSpec): { update: Uint8Array; docHash: string } {
  const doc = new Y.Doc();
  for (const [q, v] of Object.entries(spec.scores ?? {})) setScore(doc, q, v);
  for (const [q, v] of Object.entries(spec.comments ?? {})) setComment(doc, q, v);
  if (spec.general) setGeneralComment(doc, spec.general);
  const out = { update: Y.encodeStateAsUpdate(doc), docHash: contentFingerprint(readCopyDoc(doc)) };
  doc.destroy();
  return out;
}

export async function tinyPdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText(text, { x: 60, y: 760, size: 18, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return pdf.save({ useObjectStreams: false });
}

export interface CopySpec extends DocSpec {
  state?: CopyState;
  studentId?: string | null;
  released?: boolean;
  finalizedById?: string;
  finalizedAt?: Date;
  /** write a final PDF and its RenderedArtifact (GRADED copies; default true for them) */
  pdf?: boolean;
}

/** The marks fingerprint a PDF rendered from `doc` carries, as the render worker computes it (an unfingerprinted PDF is re-rendered before release). */
export async function docMarksHash(db: Db, examId: string, variant: string | null, doc: Y.Doc): Promise<string> {
  const content = readCopyDoc(doc);
  const view = marksView(await loadMarksContext(db, examId, variant), { decisions: content, comments: content.comments, general: content.general });
  return marksHashOf(view);
}

export async function createScoredCopy(db: Db, mediaRoot: string, examId: string, spec: CopySpec = {}) {
  const state = spec.state ?? "GRADED";
  const exam = await db.exam.update({ where: { id: examId }, data: { nextCopySeq: { increment: 1 } }, select: { codePrefix: true, nextCopySeq: true } });
  const seq = exam.nextCopySeq - 1;
  const anonymousCode = `${exam.codePrefix}-${String(seq).padStart(3, "0")}`;
  const { update, docHash } = buildDoc(spec);
  const frozen = state === "FINALIZING" || state === "GRADED" || state === "RENDER_FAILED";
  const copy = await db.copy.create({
    data: {
      examId,
      seq,
      anonymousCode,
      state,
      studentId: spec.studentId ?? null,
      docHash: frozen ? docHash : null,
      finalizedAt: frozen ? (spec.finalizedAt ?? new Date()) : null,
      finalizedById: frozen ? (spec.finalizedById ?? null) : null,
      releasedAt: spec.released ? new Date() : null,
    },
  });
  await db.copyDocUpdate.create({ data: { copyId: copy.id, data: Buffer.from(update) } });
  let pdfBytes: Uint8Array | null = null;
  if (state === "GRADED" && spec.pdf !== false) {
    pdfBytes = await tinyPdf(`Copie ${anonymousCode}`);
    const stored = await new MediaStore(mediaRoot).putBytes("renders", pdfBytes, "pdf");
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    const marksHash = await docMarksHash(db, examId, copy.variant, doc);
    doc.destroy();
    await db.renderedArtifact.create({ data: { copyId: copy.id, docHash, sha256: stored.sha256, sizeBytes: stored.size, storagePath: stored.rel, marksHash } });
  }
  return { ...copy, pdfBytes };
}

/** Many graded copies at once (createMany), for streaming tests: no PDFs, all docs alike but the first score. */
export async function createManyGradedCopies(db: Db, examId: string, leaves: ScaleLeaf[], count: number) {
  const exam = await db.exam.findUniqueOrThrow({ where: { id: examId }, select: { codePrefix: true, nextCopySeq: true } });
  const students = Array.from({ length: count }, (_, i) => ({ id: crypto.randomUUID(), lastName: `ELEVE${String(i).padStart(4, "0")}`, firstName: "Test" }));
  await db.student.createMany({ data: students });
  const copies = students.map((s, i) => {
    const seq = exam.nextCopySeq + i;
    const { update, docHash } = buildDoc({
      scores: { [leaves[0]!.id]: i % (leaves[0]!.maxPoints + 1), ...Object.fromEntries(leaves.slice(1).map((l) => [l.id, 1])) },
    });
    return {
      copy: {
        id: crypto.randomUUID(),
        examId,
        seq,
        anonymousCode: `${exam.codePrefix}-${String(seq).padStart(4, "0")}`,
        state: "GRADED" as const,
        studentId: s.id,
        docHash,
        finalizedAt: new Date(),
      },
      update,
    };
  });
  for (let i = 0; i < copies.length; i += 500) {
    const part = copies.slice(i, i + 500);
    await db.copy.createMany({ data: part.map((c) => c.copy) });
    await db.copyDocUpdate.createMany({ data: part.map((c) => ({ copyId: c.copy.id, data: Buffer.from(c.update) })) });
  }
  await db.exam.update({ where: { id: examId }, data: { nextCopySeq: exam.nextCopySeq + count } });
  return copies.map((c) => c.copy);
}

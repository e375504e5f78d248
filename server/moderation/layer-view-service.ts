// What a layer's desk loads (GET /api/copies/:id/layers/second): the scan's pages, the exam
// and the scale — and nothing of the first marking (no copy state, no lock, no marks). And the
// supervisor's layer viewer (GET /api/copies/:id/layers): both layers' marks and the agreed ones.
import * as Y from "yjs";
import { readCopyDoc, type CopyDocContent } from "../../collab/index.ts";
import type { ReconcileSource } from "../../collab/contract/api/moderation.ts";
import type { Db } from "../db/client.ts";
import { SECOND_LAYER } from "../grading/decision-projection.ts";
import { prismaQueryable } from "../grading/sql.ts";
import { notFound } from "../errors/app-error.ts";
import { pageImageUrls } from "../imaging/page-image-urls.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, can } from "../policy/policy.ts";
import { loadCopyScale } from "../render/copy-scale.ts";
import { loadCopyDoc } from "../render/load-copy-doc.ts";
import { loadLayerMarks } from "./layer-marks.ts";
import { layerTimeline, readLayerState } from "./layer-rows.ts";
import { secondMarkingOf } from "./second-marking-service.ts";

/** QuestionReconciliation.source holds one of these (a varchar); PENDING rows have no agreed mark */
type AgreedSource = Exclude<ReconcileSource, "PENDING">;

async function markingOf(db: Db, copyId: string) {
  const m = await db.secondMarking.findUnique({ where: { copyId }, select: { markerId: true, status: true } });
  return { markerId: m?.markerId ?? null, status: m?.status ?? null };
}

export async function layerDesk(db: Db, actor: Actor | null, copyId: string, layer: string) {
  authorize(actor, "grading.connect");
  if (layer !== SECOND_LAYER) throw notFound("Copy");
  const marking = await markingOf(db, copyId);
  if (!can(actor, "layer.view", marking)) throw notFound("Copy"); // a copy one does not second-mark answers like a missing one
  const copy = await db.copy.findUnique({
    where: { id: copyId },
    select: {
      anonymousCode: true,
      variant: true,
      exam: { select: { id: true, title: true, subject: true, identityZones: true, supervisorsSeeNames: true } },
      pages: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          copyId: true,
          position: true,
          widthPt: true,
          heightPt: true,
          sourcePath: true,
          sourcePage: true,
          rotation: true,
          half: true,
          imageError: true,
          extraBookletId: true,
        },
      },
    },
  });
  if (!copy) throw notFound("Copy");
  const images = await pageImageUrls(db, actor!, copy.exam, copy.pages);
  const scale = await loadCopyScale(db, copy.exam.id, copy.variant);
  const canWrite = can(actor, "layer.write", marking);
  return {
    copy: {
      id: copyId,
      anonymousCode: copy.anonymousCode,
      // the layer's own state: READY while marked, GRADED once done (never the main copy's)
      state: canWrite ? ("READY" as const) : ("GRADED" as const),
      pageCount: copy.pages.length,
      pages: copy.pages.map((p, i) => ({ position: p.position, widthPt: p.widthPt, heightPt: p.heightPt, images: images[i]! })),
      pdfUrl: `/api/copies/${copyId}/pdf`,
    },
    exam: { id: copy.exam.id, title: copy.exam.title, subject: copy.exam.subject },
    scale: { questions: scale.questions, max: scale.max },
    scope: null,
    canWrite,
    layer: SECOND_LAYER as typeof SECOND_LAYER,
    marking: { status: marking.status },
  };
}

/** Each layer's comments and annotation count, read from its document (the projection holds decisions only). */
async function layerContents(db: Db, copyId: string): Promise<{ first: CopyDocContent; second: CopyDocContent }> {
  const main = await loadCopyDoc(db, copyId);
  const stored = await readLayerState(prismaQueryable(db), copyId, SECOND_LAYER);
  const layer = new Y.Doc();
  if (stored.state) Y.applyUpdate(layer, stored.state);
  try {
    return { first: readCopyDoc(main), second: readCopyDoc(layer) };
  } finally {
    main.destroy();
    layer.destroy();
  }
}

/** The supervisor's layer viewer: per question the first, second and agreed marks, with each layer's comments. */
export async function layerOverview(db: Db, actor: Actor | null, copyId: string) {
  authorize(actor, "moderation.viewLayers");
  const copy = await db.copy.findUnique({ where: { id: copyId }, select: { id: true, examId: true, anonymousCode: true, state: true, variant: true } });
  if (!copy) throw notFound("Copy");
  const q = prismaQueryable(db);
  const marks = await loadLayerMarks(q, copyId);
  const scale = await loadCopyScale(db, copy.examId, copy.variant);
  const agreed = await db.questionReconciliation.findMany({ where: { copyId }, select: { questionId: true, source: true, mark: true } });
  const marking = await secondMarkingOf(db, actor, copy.examId, copyId);
  const docs = await layerContents(db, copyId);
  return {
    copy: { id: copy.id, examId: copy.examId, anonymousCode: copy.anonymousCode, state: copy.state },
    marking,
    questions: (marks?.questions ?? []).map((m) => {
      const a = agreed.find((r) => r.questionId === m.questionId);
      const comments = { first: docs.first.comments[m.questionId] ?? null, second: docs.second.comments[m.questionId] ?? null };
      return {
        ...m,
        path: scale.questions.find((s) => s.id === m.questionId)?.path ?? m.questionId,
        comments,
        agreed: a && a.mark !== null && a.source !== "PENDING" ? { source: a.source as AgreedSource, mark: a.mark } : null,
      }; // a question waiting for the supervisor has none yet
    }),
    annotations: { first: docs.first.annotations.length, second: docs.second.annotations.length },
    general: { first: docs.first.general, second: docs.second.general },
    firstTotal: marks?.firstTotal ?? 0,
    secondTotal: marks?.secondTotal ?? 0,
    max: scale.max,
  };
}

/** The layer's history (each update: who, when, what it changed). */
export async function layerHistory(db: Db, actor: Actor | null, copyId: string, layer: string) {
  authorize(actor, "grading.connect");
  if (layer !== SECOND_LAYER) throw notFound("Copy");
  if (!can(actor, "layer.view", await markingOf(db, copyId))) throw notFound("Copy");
  return { entries: await layerTimeline(prismaQueryable(db), copyId, layer) };
}

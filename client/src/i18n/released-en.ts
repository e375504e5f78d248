// English messages of released versions and rubric items in results.
import type { releasedFr } from "./released-fr.ts";

export const releasedEn: Record<keyof typeof releasedFr, string> = {
  "portal.version": "version {version}",
  "portal.items": "Rubric items applied",
  "portal.adjustment": "Adjustment: {comment}",
  "results.items.title": "Rubric items",
  "results.items.caption": "Share of graded copies that got each item, per question",
  "results.items.none": "No question is graded with rubric items.",
  "results.items.graded": "{count} copies graded",
  "results.items.chartLabel": "{question}: share of copies that got each of the {count} items; the data is in the table below.",
  "results.items.item": "Item",
  "results.items.points": "Points",
  "results.items.count": "Copies",
  "results.items.share": "Share",
  "exports.items": "Rubric items per copy (CSV)",
  "exports.itemsHint": "One line per applied item (or adjustment): anonymous code, state, question, item, points.",
  "release.changedSince": "Release again (released mark: {total})",
  "release.awaitingRender.one": "{count} copy changed since it was last released: its PDF is being updated. Release it again in a moment.",
  "release.awaitingRender.other": "{count} copies changed since they were last released: their PDFs are being updated. Release them again in a moment.",
};

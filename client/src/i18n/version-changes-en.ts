// English messages of "what changed" between two released versions of a copy (student portal, #17).
import type { versionChangesFr } from "./version-changes-fr.ts";

export const versionChangesEn: Record<keyof typeof versionChangesFr, string> = {
  "versionChanges.title": "Version {version} (released on {date}) — what changed since version {from}",
  "versionChanges.compareWith": "Compare with",
  "versionChanges.option": "version {version} (released on {date})",
  "versionChanges.caption": "Marks changed between version {from} and version {version}",
  "versionChanges.question": "Question",
  "versionChanges.before": "Before",
  "versionChanges.ofVersion": "version {version}",
  "versionChanges.after": "After",
  "versionChanges.reason": "Reason",
  "versionChanges.total": "Total",
  "versionChanges.none": "No mark changed: only comments or annotations may have.",
  "versionChanges.reason.rubric": "Rubric change",
  "versionChanges.reason.regrade": "Regrade request accepted",
  "versionChanges.reason.correction": "Correction",
  "versionChanges.maxMoved": "out of {before} → out of {after}",
  "versionChanges.downloadPdf": "Download the PDF of version {version}",
  "versionChanges.pdfSize": "{size} KB",
  "versionChanges.loading": "Loading the changes…",
};

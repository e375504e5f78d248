// English messages of the grading drift alerts (#16).
import type { driftFr } from "./drift-fr.ts";

export const driftEn: Record<keyof typeof driftFr, string> = {
  "drift.title": "Moderation: marking gaps",
  "drift.intro":
    "Copies are dispatched at random: on a question, every grader should give the same marks on average as the others. An alert flags a clear gap, established on enough copies.",
  "drift.none": "No notable gap between graders so far.",
  "drift.alertsLabel": "Marking gap alerts",
  "drift.harsher": "more harshly",
  "drift.kinder": "more leniently",
  "drift.alert": "{name} marks question {question} {direction} than the others by {gap} pt on average (out of {max}), on {copies} copies.",
  "drift.interval": "Estimated gap between {low} and {high} pt; mean {mean} against {others} for the others ({othersCopies} copies).",
  "drift.showCopies": "Show the {count} copies",
  "drift.hideCopies": "Hide the copies",
  "drift.copiesCaption": "Copies of {name} on question {question}",
  "drift.code": "Copy",
  "drift.score": "Mark on the question",
  "drift.open": "Open copy {code}",
  "drift.chart.caption": "Each grader’s gap to the others’ mean, per question (points, with the test’s interval)",
  "drift.chart.label": "Marking gaps of {count} graders on question {question}",
  "drift.chart.noData": "Not enough copies graded by several graders yet.",
  "drift.chart.grader": "Grader",
  "drift.chart.copies": "Copies",
  "drift.chart.mean": "Mean",
  "drift.chart.others": "Others",
  "drift.chart.gap": "Gap",
  "drift.chart.interval": "Interval",
  "drift.chart.flagged": "Alert",
  "drift.chart.yes": "yes",
  "drift.chart.no": "no",
  "drift.chart.legend":
    "Dot: observed gap; line: interval; red: alert. An alert needs at least {minCopies} copies and a gap of at least {share} of the question’s points.",
};

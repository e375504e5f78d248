// English messages of the release integrity gate, audit labels and statistics scale, spread into en.ts.
import type { integrityFr } from './integrity-fr.ts';

export const integrityEn: Record<keyof typeof integrityFr, string> = {
  'error.RELEASE_BLOCKED': 'Some copies cannot be released as they are.',
  'release.blocked.title.one': 'Release blocked: {count} copy to check',
  'release.blocked.title.other': 'Release blocked: {count} copies to check',
  'release.blocked.intro': 'These copies were not released: a student could receive an incomplete copy or someone else’s. Fix them (identification, scan validation, missing pages) or release anyway, giving the reason.',
  'release.blocked.reason.UNIDENTIFIED': 'copy not identified',
  'release.blocked.reason.STAGING': 'scan not validated yet',
  'release.blocked.reason.PAGES_MISSING': '{pages} page(s) of {expected} expected',
  'release.blocked.overrideLabel': 'Reason for releasing anyway',
  'release.blocked.overrideHint': 'At least 5 characters. It is written to the audit log with the list of copies.',
  'release.blocked.overrideInvalid': 'Give the reason (at least 5 characters).',
  'release.blocked.override': 'Release anyway',
  'release.blocked.dismiss': 'Close',
  'intake.examForm.expectedPages': 'Expected pages per copy (optional)',
  'intake.examForm.expectedPagesHint': 'Release refuses a copy with fewer pages (a page lost at the scanner). Leave empty not to check.',
  'intake.examForm.expectedPagesInvalid': 'A whole number from 1 to 500.',
  'supervision.scores.distributionNormalized': 'Distribution of marks (scaled to {max})',
  'supervision.scores.normalizedNote': 'The variants do not have the same total: the marks above are scaled to {max}.',
  'supervision.scores.variantLine': 'Variant {variant}: out of {max}, {count} copy(ies), mean {mean}',
  'intake.examForm.statusHint': 'State: {status}. An exam stays “Draft” while it is set up (scale, scans) and becomes “Active” by itself once copies are validated; “Archived” freezes it.',
};

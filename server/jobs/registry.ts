// Every job the worker role runs. Features add their definitions here.
import type { JobDefinition } from "./job-definition.ts";
import { maintenanceJob } from "./maintenance-job.ts";
import { compactCopyDocJob } from "../grading/compact-copy-doc-job.ts";
import { splitBatchJob } from "../intake/split-batch-job.ts";
import { renderCopyJob } from "../render/render-copy-job.ts";
import { sendNoticeEmailJob } from "../notices/send-notice-email-job.ts";
import { supervisorSummaryJob } from "../notices/supervisor-summary-job.ts";
import { pageImagesJob } from "../imaging/page-images-job.ts";

export const JOBS: ReadonlyArray<JobDefinition> = [
  maintenanceJob,
  splitBatchJob,
  renderCopyJob,
  sendNoticeEmailJob,
  supervisorSummaryJob,
  compactCopyDocJob,
  pageImagesJob,
];

// A test's own starting state, set up through the HTTP API as the app itself would (fast, and
// independent of the screens under test): a signed-in page of its own, an exam with a scale and
// a split scan, validated or not. Each test of a file calls these, so a test that fails leaves
// nothing behind for the next one.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { a4Pdf } from "../../helpers/intake-pdfs.ts";
import { DESKTOP, newPage } from "./browser.ts";

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A fresh context signed in through the API (the sign-in screens have their own tests). */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  account: { username: string; password: string },
  viewport: { width: number; height: number } = DESKTOP,
): Promise<SignedInPage> {
  const p = await newPage(browser, baseUrl, viewport);
  const r = await p.context.request.post(`${baseUrl}/api/auth/login`, {
    data: { username: account.username, password: account.password },
    headers: { origin: baseUrl },
  });
  if (r.status() !== 200) throw new Error(`sign-in of ${account.username} failed: ${r.status()} ${await r.text()}`);
  return p;
}

/** JSON calls with the context's session, its CSRF token and the app's Origin. */
export async function api(context: BrowserContext, baseUrl: string) {
  const { csrfToken } = (await (await context.request.get(`${baseUrl}/api/me`)).json()) as { csrfToken: string };
  const headers = { "x-csrf-token": csrfToken, origin: baseUrl };
  const check = async (what: string, r: Awaited<ReturnType<BrowserContext["request"]["get"]>>) => {
    if (r.status() >= 300) throw new Error(`${what}: ${r.status()} ${await r.text()}`);
    return r.json();
  };
  return {
    get: async (url: string) => check(`GET ${url}`, await context.request.get(`${baseUrl}${url}`)),
    post: async (url: string, data: unknown = {}) => check(`POST ${url}`, await context.request.post(`${baseUrl}${url}`, { headers, data })),
    put: async (url: string, data: unknown) => check(`PUT ${url}`, await context.request.put(`${baseUrl}${url}`, { headers, data })),
    upload: async (url: string, multipart: Record<string, string | { name: string; mimeType: string; buffer: Buffer }>) =>
      check(`POST ${url}`, await context.request.post(`${baseUrl}${url}`, { headers, multipart })),
  };
}

export interface ExamSetup {
  title: string;
  exercises: Array<{ label: string; maxPoints: number }>;
  /** pages of the scan, split every `pagesPerCopy` */
  pages: number;
  pagesPerCopy: number;
  /** validate the staged copies (they leave the stapler for identification and dispatch) */
  validate?: boolean;
}

/** A new exam with its scale and a scan split into copies by the worker; returns its id. */
export async function examWithCopies(context: BrowserContext, baseUrl: string, o: ExamSetup): Promise<string> {
  const call = await api(context, baseUrl);
  const { exam } = (await call.post("/api/exams", { title: o.title, subject: "Physique-chimie" })) as { exam: { id: string } };
  await call.put(`/api/exams/${exam.id}/scale`, { exercises: o.exercises });
  const scan = Buffer.from(await a4Pdf(o.pages, { label: "Copie page " }));
  await call.upload(`/api/exams/${exam.id}/batches`, {
    mode: "SPLIT_EVERY_N",
    pagesPerCopy: String(o.pagesPerCopy),
    files: { name: `scan-${o.pages}-pages.pdf`, mimeType: "application/pdf", buffer: scan },
  });
  // the split job runs in the worker; a loaded machine takes its time
  for (const end = Date.now() + 90_000; ; ) {
    const { batches } = (await call.get(`/api/exams/${exam.id}/batches`)) as { batches: Array<{ status: string }> };
    if (batches[0]?.status === "DONE") break;
    if (batches[0]?.status === "FAILED" || Date.now() > end) throw new Error(`the scan was not split: ${JSON.stringify(batches)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  if (o.validate) await call.post(`/api/exams/${exam.id}/validate`, {});
  return exam.id;
}

// Grading by question: the next copy's scan is fetched and parsed while the grader marks the current
// one (the server names it: question:next's `peek`), so `N` shows its region without waiting for the
// network. A handful of copies at most are kept.
import { copyPdfUrl } from './desk-prefetch.ts';
import { loadPdf, type PDFDocumentProxy } from './pdf-document.ts';

interface Entry {
  promise: Promise<PDFDocumentProxy>;
  destroy(): Promise<void>;
}

const KEEP = 3;

export class RegionPrefetch {
  readonly #entries = new Map<string, Entry>();

  /** Starts loading the copy's scan (and the pages of the regions) if it is not already. */
  prefetch(copyId: string, pages: readonly number[]): void {
    if (this.#entries.has(copyId)) return;
    const task = loadPdf(copyPdfUrl(copyId));
    const promise = task.promise.then(async (pdf) => {
      await Promise.all(pages.filter((p) => p <= pdf.numPages).map((p) => pdf.getPage(p)));
      return pdf;
    });
    promise.catch(() => this.#entries.delete(copyId));
    this.#entries.set(copyId, { promise, destroy: task.destroy });
    while (this.#entries.size > KEEP) {
      const [oldest, e] = this.#entries.entries().next().value as [string, Entry];
      this.#entries.delete(oldest);
      void e.destroy();
    }
  }

  /** The copy's scan: the prefetched one when there is one (handed over: the caller destroys it). */
  take(copyId: string): Entry {
    const e = this.#entries.get(copyId);
    if (e) {
      this.#entries.delete(copyId);
      return e;
    }
    const task = loadPdf(copyPdfUrl(copyId));
    return { promise: task.promise, destroy: task.destroy };
  }

  clear(): void {
    for (const e of this.#entries.values()) void e.destroy();
    this.#entries.clear();
  }
}

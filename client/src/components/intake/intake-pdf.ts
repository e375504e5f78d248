// pdf.js for the intake desks: one worker for every document, a few documents kept open (a copy's
// thumbnails share one), and at most two pages drawn at a time (the machine has other work).
import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentProxy } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

GlobalWorkerOptions.workerSrc = workerUrl;

const KEEP_OPEN = 8;
const PARALLEL = 2;

let worker: PDFWorker | null = null;
const docs = new Map<string, Promise<PDFDocumentProxy>>();

function open(url: string): Promise<PDFDocumentProxy> {
  const cached = docs.get(url);
  if (cached) {
    docs.delete(url); // most recently used last
    docs.set(url, cached);
    return cached;
  }
  worker ??= new PDFWorker();
  const task = getDocument({ url, worker, withCredentials: true, isEvalSupported: false, enableXfa: false });
  const promise = task.promise;
  promise.catch(() => docs.delete(url));
  docs.set(url, promise);
  while (docs.size > KEEP_OPEN) {
    const [oldest, doc] = docs.entries().next().value as [string, Promise<PDFDocumentProxy>];
    docs.delete(oldest);
    void doc.then((d) => d.destroy()).catch(() => {});
  }
  return promise;
}

let running = 0;
const waiting: Array<() => void> = [];

async function slot<T>(run: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await run();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * Draws page `index` (0-based) of the PDF at `url` into `canvas`, `cssWidth` CSS pixels wide;
 * `topFraction` < 1 keeps only the top of the page (the header where students write their name).
 */
export function drawPage(url: string, index: number, canvas: HTMLCanvasElement, cssWidth: number, topFraction = 1): Promise<void> {
  return slot(async () => {
    const doc = await open(url);
    const page = await doc.getPage(index + 1);
    const base = page.getViewport({ scale: 1 });
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    const viewport = page.getViewport({ scale: (cssWidth / base.width) * dpr });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height * topFraction); // what falls below is not drawn
    await page.render({ canvas, viewport }).promise;
  });
}

/** Forget a document whose pages changed (the stapler rebuilt the copy). */
export function forget(url: string): void {
  const doc = docs.get(url);
  docs.delete(url);
  void doc?.then((d) => d.destroy()).catch(() => {});
}

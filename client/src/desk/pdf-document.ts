// pdf.js for the desk: the worker from our own origin (CSP), no eval, the document fetched with
// byte ranges so the first page shows before the whole file arrives.
import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentProxy, type PDFPageProxy, type RenderTask } from "pdfjs-dist";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";

GlobalWorkerOptions.workerSrc = workerUrl;

export type { PDFDocumentProxy, PDFPageProxy };

// The worker parses 1 MB of code before it can open a document: the desk starts it early (see
// desk-prefetch.ts), once, and it is shared by the copies a grader opens one after the other.
let worker: PDFWorker | null = null;
const sharedWorker = () => (worker ??= new PDFWorker());

export function warmPdfWorker(): void {
  sharedWorker();
}

/** Opens the copy's PDF from prefetched bytes, or from the URL with byte ranges. */
export function loadPdf(url: string, bytes: Promise<ArrayBuffer> | null = null): { promise: Promise<PDFDocumentProxy>; destroy(): Promise<void> } {
  const common = { worker: sharedWorker(), isEvalSupported: false, enableXfa: false } as const;
  let task: ReturnType<typeof getDocument> | null = null;
  let destroyed = false;
  const promise = (async () => {
    const data = bytes ? await bytes.catch(() => null) : null;
    if (destroyed) throw new Error("destroyed");
    task = data
      ? getDocument({ ...common, data: new Uint8Array(data) })
      : getDocument({ ...common, url, withCredentials: true, disableAutoFetch: true, rangeChunkSize: 256 * 1024 });
    return task.promise;
  })();
  return {
    promise,
    async destroy() {
      destroyed = true;
      await task?.destroy();
    },
  };
}

/**
 * Draws a page into `canvas` at `cssWidth` CSS pixels (rotation on top of the page's own),
 * sharp on high-density screens. Resolves when drawn; a cancelled render resolves false.
 */
export async function renderPage(
  page: PDFPageProxy,
  canvas: HTMLCanvasElement,
  cssWidth: number,
  viewRotation: number,
  onTask?: (task: RenderTask) => void,
): Promise<boolean> {
  const rotation = (page.rotate + viewRotation) % 360;
  const base = page.getViewport({ scale: 1, rotation });
  const dpr = Math.min(window.devicePixelRatio || 1, 3);
  const viewport = page.getViewport({ scale: (cssWidth / base.width) * dpr, rotation });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  const task = page.render({ canvas, viewport });
  onTask?.(task);
  try {
    await task.promise;
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === "RenderingCancelledException") return false;
    throw err;
  }
}

/** The page as displayed (its own /Rotate applied), in PDF points. */
export function pageSizePt(page: PDFPageProxy): { widthPt: number; heightPt: number } {
  const v = page.getViewport({ scale: 1 });
  return { widthPt: v.width, heightPt: v.height };
}

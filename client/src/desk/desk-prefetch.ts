// Started as soon as the URL is a desk's (first load or navigation): the desk's code, its data,
// the copy's scan, the pdf.js worker and the socket all get going while the app checks the
// session, instead of one after the other. Kept tiny: this module is in the main bundle.
import type { DeskView } from '../api/grading.ts';
import { gradingSocket } from '../realtime/socket.ts';

interface Prefetch {
  view: Promise<DeskView | null>;
  pdf: Promise<ArrayBuffer>;
}

const pending = new Map<string, Prefetch>();

export const copyPdfUrl = (copyId: string) => `/api/copies/${copyId}/pdf`;

export function prefetchDesk(copyId: string): void {
  void import('../components/desk/ko-desk.ts');
  void import('./pdf-document.ts').then((m) => m.warmPdfWorker()); // pdf.js: not in the main bundle
  void import('./annotation-layer.ts'); // fabric, in its own chunk
  gradingSocket();
  if (!copyId || pending.has(copyId)) return;
  const get = (url: string) => fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json, application/pdf' } });
  // A failed prefetch is not an error: the desk asks again through the API client, which reports it.
  const view = get(`/api/copies/${copyId}/desk`).then((r) => (r.ok ? (r.json() as Promise<DeskView>) : null)).catch(() => null);
  const pdf = get(copyPdfUrl(copyId)).then((r) => {
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  pdf.catch(() => {});
  pending.set(copyId, { view, pdf });
}

/** What was prefetched for this copy, once: a later visit fetches afresh. */
export function takePrefetch(copyId: string): Prefetch | null {
  const p = pending.get(copyId) ?? null;
  pending.delete(copyId);
  return p;
}

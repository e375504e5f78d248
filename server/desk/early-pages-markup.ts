// The copy's pages in the desk's first navigation itself (client/src/desk/early-pen.ts takes them
// over): the browser paints the first reading image as soon as it has it, before any script has run,
// where the desk will show it (the column left of the scale, fitted to its width: the image's own
// width and height attributes give each page its shape, the stylesheet its width). The entry then
// gives the pages their pen; the desk replaces them once it is interactive. The images are those
// of the desk's data (redacted twins for graders): nothing here the desk would not show.
import type { DeskView } from "../../collab/contract/api/desk.ts";
import { escapeHtml as attr } from "../security/escape-html.ts";

/** Pages whose images are asked for at once (the rest load as they near the view). */
const EAGER_PAGES = 2;

export function earlyPagesMarkup(copyId: string, view: DeskView, pen: boolean): string {
  const pages = view.copy.pages.map((p, i) => {
    // the page's shape in whole units (the image's intrinsic size is the same ratio)
    const w = 1000;
    const h = Math.max(1, Math.round((1000 * p.heightPt) / p.widthPt));
    const images = p.images && !p.images.failed ? p.images : null;
    const inner = images
      ? `<img src="${attr(images.read)}" width="${w}" height="${h}" alt="" decoding="async" draggable="false"${i < EAGER_PAGES ? ' fetchpriority="high"' : ' loading="lazy"'}>`
      : `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" aria-hidden="true"></svg>`;
    return `<div class="ko-early-page" data-index="${i}"${images ? "" : " data-blank"}>${inner}</div>`;
  });
  return `<div id="ko-early-desk" data-copy="${attr(copyId)}"${pen ? " data-pen" : ""} aria-hidden="true">${pages.join("")}</div>`;
}

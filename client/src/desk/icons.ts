// Toolbar icons: 20×20 strokes in currentColor, hidden from assistive technologies (buttons carry the name).
import { svg, type SVGTemplateResult } from "lit";
import type { Tool } from "./tools.ts";

const wrap = (body: SVGTemplateResult) =>
  svg`<svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${body}</svg>`;

export const TOOL_ICONS: Record<Tool, SVGTemplateResult> = {
  select: wrap(svg`<path d="M5 3l14 8-6 2-3 6z" />`),
  pen: wrap(svg`<path d="M4 20l4-1 11-11-3-3L5 16z" /><path d="M14 6l3 3" />`),
  highlight: wrap(svg`<path d="M9 14l-3 3v3h3l3-3" /><path d="M9 14l7-10 4 4-10 7z" /><path d="M4 21h16" opacity=".5" />`),
  text: wrap(svg`<path d="M5 6V4h14v2" /><path d="M12 4v16" /><path d="M9 20h6" />`),
  tick: wrap(svg`<path d="M4 13l5 5L20 6" />`),
  cross: wrap(svg`<path d="M6 6l12 12M18 6L6 18" />`),
  box: wrap(svg`<rect x="4" y="5" width="16" height="14" rx="1" />`),
  mark: wrap(
    svg`<rect x="3" y="3" width="18" height="18" rx="1" /><path d="M15 3v18" /><path d="M17 9h2M17 12.5h2" /><path d="M6 8h6M6 12h5M6 16h6" opacity=".5" />`,
  ),
  eraser: wrap(svg`<path d="M8 20h12" /><path d="M5 16l9-11 6 5-8 10H9z" /><path d="M9 10l6 5" />`),
};

export const ICONS = {
  undo: wrap(svg`<path d="M9 14L4 9l5-5" /><path d="M4 9h11a5 5 0 010 10h-3" />`),
  redo: wrap(svg`<path d="M15 14l5-5-5-5" /><path d="M20 9H9a5 5 0 000 10h3" />`),
  zoomIn: wrap(svg`<circle cx="11" cy="11" r="7" /><path d="M21 21l-5-5M11 8v6M8 11h6" />`),
  zoomOut: wrap(svg`<circle cx="11" cy="11" r="7" /><path d="M21 21l-5-5M8 11h6" />`),
  fitWidth: wrap(svg`<path d="M3 12h18M7 8l-4 4 4 4M17 8l4 4-4 4" />`),
  fitPage: wrap(svg`<rect x="6" y="3" width="12" height="18" rx="1" /><path d="M9 8h6M9 12h6M9 16h4" opacity=".5" />`),
  twoPages: wrap(svg`<rect x="2" y="4" width="9" height="16" rx="1" /><rect x="13" y="4" width="9" height="16" rx="1" />`),
  rotate: wrap(svg`<path d="M20 11a8 8 0 10-2.3 5.7" /><path d="M20 4v7h-7" />`),
  prev: wrap(svg`<path d="M15 18l-6-6 6-6" />`),
  next: wrap(svg`<path d="M9 18l6-6-6-6" />`),
  help: wrap(svg`<circle cx="12" cy="12" r="9" /><path d="M9.5 9a2.5 2.5 0 015 .5c0 1.5-2.5 2-2.5 3.5" /><path d="M12 17h.01" />`),
  finger: wrap(
    svg`<path d="M9 11V5a1.5 1.5 0 013 0v5" /><path d="M12 10V8.5a1.5 1.5 0 013 0V11" /><path d="M15 10.5a1.5 1.5 0 013 0V15a6 6 0 01-6 6h-1a6 6 0 01-5-2.7L4 15a1.5 1.5 0 012.5-1.7L9 16" />`,
  ),
  panel: wrap(svg`<rect x="3" y="4" width="18" height="16" rx="1" /><path d="M15 4v16" /><path d="M17.5 8h1M17.5 11h1M17.5 14h1" />`),
  /** a clock with a back arrow: the history of a mark */
  history: wrap(svg`<path d="M3 12a9 9 0 109-9 9 9 0 00-6.4 2.6L3 8" /><path d="M3 3v5h5" /><path d="M12 7v5l3 2" />`),
  trash: wrap(svg`<path d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" />`),
};

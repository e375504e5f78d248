// The desk's tools, colours and default sizes (widths are fractions of the page width, as stored).
import type { MessageKey } from "../i18n/i18n.ts";

export const TOOLS = ["select", "pen", "highlight", "text", "tick", "cross", "box", "mark", "eraser"] as const;
export type Tool = (typeof TOOLS)[number];
/** Placing an annotation-bank comment is a tool too: the next click puts the text there. */
export type ActiveTool = Tool | "bank";

export const TOOL_LABELS: Record<Tool, MessageKey> = {
  select: "desk.tool.select",
  pen: "desk.tool.pen",
  highlight: "desk.tool.highlight",
  text: "desk.tool.text",
  tick: "desk.tool.tick",
  cross: "desk.tool.cross",
  box: "desk.tool.box",
  mark: "desk.tool.mark",
  eraser: "desk.tool.eraser",
};

/** Colours that read well on a grey scan and in print; red first, the teacher's colour. */
export const COLORS = [
  { value: "#d32f2f", label: "desk.color.red" },
  { value: "#1565c0", label: "desk.color.blue" },
  { value: "#2e7d32", label: "desk.color.green" },
  { value: "#1b1b1b", label: "desk.color.black" },
  { value: "#f9a825", label: "desk.color.yellow" },
] as const satisfies readonly { value: string; label: MessageKey }[];

export const DEFAULT_COLOR = COLORS[0].value;
export const HIGHLIGHT_COLOR = "#f9a825";

export const WIDTHS: Record<"pen" | "highlight" | "box" | "glyph" | "text" | "mark", number> = {
  pen: 0.003,
  highlight: 0.02,
  box: 0.003,
  glyph: 0.004,
  text: 0.002,
  mark: 0.002,
};

/** Side of a tick or cross placed with a click, as a fraction of the page width. */
export const GLYPH_SIZE = 0.045;
/** Width of a new text note, as a fraction of the page width. */
export const TEXT_WIDTH = 0.3;
/** A question's mark placed with a click: its width as a fraction of the page width, its height in page units (≈ 18 pt on A4). */
export const MARK_WIDTH = 0.13;
export const MARK_HEIGHT_UNITS = 30;
/** Font size of text notes (the renderer uses the same 0.018 × page width). */
export const TEXT_FONT = 0.018;

export const isDrawingTool = (t: ActiveTool): boolean => t !== "select";

// Keyboard shortcuts of the desk, in one table: the key handler and the help overlay read it.
import type { MessageKey } from "../i18n/i18n.ts";
import type { Tool } from "./tools.ts";
import type { ViewMode } from "./view-mode.ts";

export type DeskAction =
  | { type: "tool"; tool: Tool }
  | { type: "undo" }
  | { type: "redo" }
  | { type: "delete" }
  | { type: "page"; delta: 1 | -1 }
  | { type: "zoom"; step: 1 | -1 }
  | { type: "fitWidth" }
  | { type: "view"; mode: ViewMode }
  | { type: "rotate" }
  | { type: "nextCopy" }
  /** finalize this copy and open the next one (Ctrl+Enter, also from a score field) */
  | { type: "finalizeNext" }
  | { type: "score" }
  | { type: "help" }
  | { type: "escape" }
  /** rubric items: keys 1–9 / Shift+1–9 matched by their physical key (desk's onKey), listed here for the help */
  | { type: "item"; shift: boolean }
  | { type: "adjust" }
  /** a tick, cross, the question's mark or a margin note at the current question (Shift+V/X/M/T) */
  | { type: "place"; kind: "tick" | "cross" | "mark" | "text" }
  /** saved comment n (0-based) at the current question (Alt+1…9) */
  | { type: "comment"; index: number };

export interface Shortcut {
  keys: string[];
  /** how the help overlay writes the keys: as is, or a message key for words ("Suppr") */
  display: string;
  action: DeskAction;
  label: MessageKey;
}

const tool = (t: Tool): DeskAction => ({ type: "tool", tool: t });

export const SHORTCUTS: Shortcut[] = [
  { keys: ["s"], display: "S", action: tool("select"), label: "desk.tool.select" },
  { keys: ["p"], display: "P", action: tool("pen"), label: "desk.tool.pen" },
  { keys: ["h"], display: "H", action: tool("highlight"), label: "desk.tool.highlight" },
  { keys: ["t"], display: "T", action: tool("text"), label: "desk.tool.text" },
  { keys: ["v"], display: "V", action: tool("tick"), label: "desk.tool.tick" },
  { keys: ["x"], display: "X", action: tool("cross"), label: "desk.tool.cross" },
  { keys: ["b"], display: "B", action: tool("box"), label: "desk.tool.box" },
  { keys: ["m"], display: "M", action: tool("mark"), label: "desk.tool.mark" },
  { keys: ["e"], display: "E", action: tool("eraser"), label: "desk.tool.eraser" },
  { keys: ["mod+z"], display: "Ctrl+Z", action: { type: "undo" }, label: "desk.undo" },
  { keys: ["mod+shift+z", "mod+y"], display: "desk.key.redo", action: { type: "redo" }, label: "desk.redo" },
  { keys: ["delete", "backspace"], display: "desk.key.delete", action: { type: "delete" }, label: "desk.deleteSelection" },
  { keys: ["pagedown", "j"], display: "desk.key.pageDown", action: { type: "page", delta: 1 }, label: "desk.nextPage" },
  { keys: ["pageup", "k"], display: "desk.key.pageUp", action: { type: "page", delta: -1 }, label: "desk.previousPage" },
  { keys: ["+", "="], display: "+", action: { type: "zoom", step: 1 }, label: "desk.zoomIn" },
  { keys: ["-"], display: "−", action: { type: "zoom", step: -1 }, label: "desk.zoomOut" },
  { keys: ["0"], display: "0", action: { type: "fitWidth" }, label: "desk.fitWidth" },
  { keys: ["f"], display: "F", action: { type: "view", mode: "page" }, label: "desk.fitPage" },
  { keys: ["d"], display: "D", action: { type: "view", mode: "two" }, label: "desk.twoPages" },
  { keys: ["r"], display: "R", action: { type: "rotate" }, label: "desk.rotate" },
  { keys: ["g"], display: "G", action: { type: "score" }, label: "desk.shortcut.score" },
  { keys: [], display: "desk.key.items", action: { type: "item", shift: false }, label: "desk.shortcut.item" },
  { keys: [], display: "desk.key.itemsShift", action: { type: "item", shift: true }, label: "desk.shortcut.itemShift" },
  { keys: [], display: "desk.key.placeTick", action: { type: "place", kind: "tick" }, label: "desk.shortcut.placeTick" },
  { keys: [], display: "desk.key.placeCross", action: { type: "place", kind: "cross" }, label: "desk.shortcut.placeCross" },
  { keys: [], display: "desk.key.placeMark", action: { type: "place", kind: "mark" }, label: "desk.shortcut.placeMark" },
  { keys: [], display: "desk.key.placeText", action: { type: "place", kind: "text" }, label: "desk.shortcut.placeText" },
  { keys: [], display: "desk.key.comments", action: { type: "comment", index: 0 }, label: "desk.shortcut.comment" },
  { keys: ["a"], display: "A", action: { type: "adjust" }, label: "desk.rubric.adjust" },
  { keys: ["n"], display: "N", action: { type: "nextCopy" }, label: "desk.nextCopy" },
  { keys: ["mod+enter"], display: "desk.key.finalizeNext", action: { type: "finalizeNext" }, label: "desk.finalizeNext" },
  { keys: [], display: "desk.key.alt", action: { type: "help" }, label: "desk.shortcut.alt" },
  { keys: ["?"], display: "?", action: { type: "help" }, label: "desk.shortcuts" },
  { keys: ["escape"], display: "desk.key.escape", action: { type: "escape" }, label: "desk.shortcut.escape" },
];

/**
 * "mod+shift+z" for Ctrl/Cmd + Shift + Z. A printable key stands for itself whatever Shift or
 * Caps Lock did to it ("?" is Shift+/ on most layouts, "P" is still the pen); Shift counts only
 * with Ctrl/Cmd or on named keys.
 */
export function keyOf(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">): string {
  const key = e.key.toLowerCase();
  const mod = e.ctrlKey || e.metaKey;
  const shift = e.shiftKey && (mod || key.length > 1);
  return [mod ? "mod" : "", shift ? "shift" : "", e.altKey ? "alt" : "", key].filter(Boolean).join("+");
}

export function matchShortcut(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">): DeskAction | null {
  const key = keyOf(e);
  return SHORTCUTS.find((s) => s.keys.includes(key))?.action ?? null;
}

/**
 * A shortcut pressed inside a field: Ctrl+Enter as is, any other with Alt (Alt+J turns the page
 * while a score is being typed). The letter is read from the physical key: Alt changes e.key on a Mac.
 */
export function matchFieldShortcut(e: Pick<KeyboardEvent, "key" | "code" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">): DeskAction | null {
  const action = matchShortcut(e);
  if (action?.type === "finalizeNext") return action;
  if (!e.altKey || e.ctrlKey || e.metaKey) return null;
  const letter = /^Key([A-Z])$/.exec(e.code)?.[1]?.toLowerCase() ?? /^Digit(\d)$/.exec(e.code)?.[1];
  if (!letter) return null; // Alt+Backspace and the like stay the field's own
  const found = matchShortcut({ key: letter, ctrlKey: false, metaKey: false, shiftKey: e.shiftKey, altKey: false });
  return found && found.type !== "help" ? found : null;
}

const PLACED: Record<string, "tick" | "cross" | "mark" | "text"> = { KeyV: "tick", KeyX: "cross", KeyM: "mark", KeyT: "text" };

/**
 * Placing from the keyboard, read from the physical key: Shift+V/X/M/T (with Alt as well inside a
 * field, where Shift+letter is a capital), and Alt+1…9 for the numbered saved comments (1–9 alone
 * are the rubric's items).
 */
export function matchPlaceKey(e: Pick<KeyboardEvent, "code" | "ctrlKey" | "metaKey" | "shiftKey" | "altKey">, inField: boolean): DeskAction | null {
  if (e.ctrlKey || e.metaKey) return null;
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(e.code)?.[1];
  if (digit && e.altKey && !e.shiftKey) return { type: "comment", index: Number(digit) - 1 };
  const kind = PLACED[e.code];
  if (kind && e.shiftKey && e.altKey === inField) return { type: "place", kind };
  return null;
}

/** Typing in a field must never trigger a tool. */
export function isTypingTarget(path: EventTarget[]): boolean {
  return path.some(
    (el) => el instanceof HTMLElement && (el.isContentEditable || el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT"),
  );
}

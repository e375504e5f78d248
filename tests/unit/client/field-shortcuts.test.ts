// Shortcuts pressed inside a score field (issue 21): text stays text; Alt+letter and Ctrl+Enter act.
import { describe, expect, it } from "vitest";
import { matchFieldShortcut, matchPlaceKey } from "../../../client/src/desk/shortcuts.ts";

const key = (key: string, code: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "shiftKey" | "altKey", boolean>> = {}) => ({
  key,
  code,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("shortcuts from inside a field", () => {
  it("leaves plain keys to the field: digits, comma, letters, Enter", () => {
    for (const k of [key("4", "Digit4"), key(",", "Comma"), key("n", "KeyN"), key("j", "KeyJ"), key("Enter", "Enter"), key("-", "Minus")]) {
      expect(matchFieldShortcut(k)).toBeNull();
    }
  });

  it("turns pages and opens the next copy with Alt, read from the physical key (a Mac's Alt+J is '∆')", () => {
    expect(matchFieldShortcut(key("∆", "KeyJ", { altKey: true }))).toEqual({ type: "page", delta: 1 });
    expect(matchFieldShortcut(key("k", "KeyK", { altKey: true }))).toEqual({ type: "page", delta: -1 });
    expect(matchFieldShortcut(key("n", "KeyN", { altKey: true }))).toEqual({ type: "nextCopy" });
  });

  it("offers 'finalize and next copy' on Ctrl+Enter or Cmd+Enter", () => {
    expect(matchFieldShortcut(key("Enter", "Enter", { ctrlKey: true }))).toEqual({ type: "finalizeNext" });
    expect(matchFieldShortcut(key("Enter", "Enter", { metaKey: true }))).toEqual({ type: "finalizeNext" });
  });

  it("keeps Alt+Backspace (delete a word) and Ctrl+Z (the field's own undo) for the field", () => {
    expect(matchFieldShortcut(key("Backspace", "Backspace", { altKey: true }))).toBeNull();
    expect(matchFieldShortcut(key("z", "KeyZ", { ctrlKey: true }))).toBeNull();
  });
});

describe("placing from the keyboard", () => {
  it("Shift+V/X/M/T place at the current question; in a field only with Alt too (Shift+V is a capital there)", () => {
    expect(matchPlaceKey(key("V", "KeyV", { shiftKey: true }), false)).toEqual({ type: "place", kind: "tick" });
    expect(matchPlaceKey(key("X", "KeyX", { shiftKey: true }), false)).toEqual({ type: "place", kind: "cross" });
    expect(matchPlaceKey(key("M", "KeyM", { shiftKey: true }), false)).toEqual({ type: "place", kind: "mark" });
    expect(matchPlaceKey(key("T", "KeyT", { shiftKey: true }), false)).toEqual({ type: "place", kind: "text" });
    expect(matchPlaceKey(key("v", "KeyV"), false)).toBeNull(); // V alone picks the tool
    expect(matchPlaceKey(key("V", "KeyV", { shiftKey: true }), true)).toBeNull();
    expect(matchPlaceKey(key("◊", "KeyV", { shiftKey: true, altKey: true }), true)).toEqual({ type: "place", kind: "tick" });
  });

  it("Alt+1…9 place the numbered saved comments, anywhere; 1–9 alone stay the rubric's items", () => {
    expect(matchPlaceKey(key("&", "Digit1", { altKey: true }), false)).toEqual({ type: "comment", index: 0 });
    expect(matchPlaceKey(key("9", "Numpad9", { altKey: true }), true)).toEqual({ type: "comment", index: 8 });
    expect(matchPlaceKey(key("1", "Digit1"), false)).toBeNull();
    expect(matchPlaceKey(key("0", "Digit0", { altKey: true }), false)).toBeNull();
    expect(matchPlaceKey(key("1", "Digit1", { altKey: true, ctrlKey: true }), false)).toBeNull();
  });
});

// Shortcuts pressed inside a score field (issue 21): text stays text; Alt+letter and Ctrl+Enter act.
import { describe, expect, it } from "vitest";
import { matchFieldShortcut } from "../../../client/src/desk/shortcuts.ts";

const key = (key: string, code: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "shiftKey" | "altKey", boolean>> = {}) => ({
  key, code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods,
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

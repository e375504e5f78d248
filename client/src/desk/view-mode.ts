// How the desk lays its pages out: fit to the width (reading a page line by line), the whole page
// in view, or two pages side by side (a wide screen). The choice is the grader's, remembered on
// this device per account; the region in view is carried from one copy to the next.
export type ViewMode = "width" | "page" | "two";

const KEY = (userId: string) => `korrigo.desk.view.${userId}`;
const MODES: readonly ViewMode[] = ["width", "page", "two"];

export function viewModeSaved(userId: string): ViewMode {
  try {
    const v = localStorage.getItem(KEY(userId));
    return MODES.includes(v as ViewMode) ? (v as ViewMode) : "width";
  } catch {
    return "width";
  }
}

export function saveViewMode(userId: string, mode: ViewMode): void {
  try {
    localStorage.setItem(KEY(userId), mode);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/**
 * Pixels per page unit that fit a page `across` × `down` units (after rotation) in the room
 * available: the width alone, the whole page, or two pages and the gap between them.
 */
export function fitScale(mode: ViewMode, room: { width: number; height: number; gap: number }, across: number, down: number): number {
  const width = room.width / across;
  if (mode === "width") return width;
  if (mode === "page") return Math.min(width, room.height / down);
  return Math.min((room.width - room.gap) / 2 / across, room.height / down);
}

// Events the intake pages send up to their frame (ko-intake-page).

/** The exam's counts or fields changed: the frame reloads its summary. */
export function examChanged(from: HTMLElement): void {
  from.dispatchEvent(new CustomEvent("ko-exam-changed", { bubbles: true, composed: true }));
}

/** Seconds as the UI says them: "45 s" or "3 min". */
export function waitText(seconds: number): string {
  return seconds >= 120 ? `${Math.ceil(seconds / 60)} min` : `${Math.max(1, Math.round(seconds))} s`;
}

import { css } from "lit";

// Native <dialog> opened with showModal(): focus is trapped and Escape closes it.
export const dialog = css`
  dialog {
    width: min(32rem, calc(100vw - 2rem));
    max-height: calc(100vh - 2rem);
    padding: 0;
    border: 1px solid var(--ko-color-border);
    border-radius: var(--ko-radius-lg);
    background: var(--ko-color-surface);
    color: var(--ko-color-text);
    box-shadow: var(--ko-shadow-lg);
  }
  dialog::backdrop {
    background: rgb(15 23 42 / 0.45);
  }
  .dialog-body {
    display: grid;
    gap: var(--ko-space-4);
    padding: var(--ko-space-5) var(--ko-space-5) var(--ko-space-4);
  }
  .dialog-body h2 {
    font-size: var(--ko-text-xl);
  }
  .dialog-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--ko-space-3);
    padding: var(--ko-space-4) var(--ko-space-5);
    border-top: 1px solid var(--ko-color-border);
    background: var(--ko-color-surface-muted);
    border-radius: 0 0 var(--ko-radius-lg) var(--ko-radius-lg);
  }
`;

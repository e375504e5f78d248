import { css } from "lit";

/** Shared look of the regrade panel (portal) and queue (staff): status badges, messages kept as typed. */
export const regradeStyles = css`
  .status {
    display: inline-block;
    padding: 0.1rem var(--ko-space-2);
    border-radius: 999px;
    font-size: var(--ko-text-xs);
    font-weight: 650;
    background: var(--ko-color-surface-muted);
    border: 1px solid var(--ko-color-border-strong);
    white-space: nowrap;
  }
  .status[data-status='OPEN'] {
    background: #fff4d6;
    border-color: #d9b34a;
    color: #6b4d00;
  }
  .status[data-status='ACCEPTED'] {
    background: var(--ko-color-primary-soft);
    border-color: #c4d3ea;
    color: var(--ko-color-primary-hover);
  }
  .status[data-status='RESOLVED'] {
    background: var(--ko-color-success-soft);
    border-color: #b5dcc3;
    color: var(--ko-color-success);
  }
  .status[data-status='REFUSED'] {
    background: var(--ko-color-danger-soft);
    border-color: #f1b5b0;
    color: var(--ko-color-danger);
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: 0;
  }
  textarea {
    width: 100%;
    min-height: 7rem;
    padding: var(--ko-space-2) var(--ko-space-3);
    border: 1px solid var(--ko-color-border-strong);
    border-radius: var(--ko-radius);
    font: inherit;
    resize: vertical;
  }
  textarea:focus-visible {
    outline: none;
    border-color: var(--ko-color-focus);
    box-shadow: 0 0 0 3px rgb(37 99 201 / 0.35);
  }
  .form-actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ko-space-2);
    margin-top: var(--ko-space-3);
  }
  .messages {
    display: grid;
    gap: var(--ko-space-2);
    margin: var(--ko-space-3) 0;
  }
`;

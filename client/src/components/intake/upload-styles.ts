import { css } from "lit";

// The scan upload page: mode beside files on wide screens, drop zone, per-file progress.
export const uploadStyles = css`
  .upload-grid {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
    gap: var(--ko-space-5);
    align-items: start;
  }
  @media (max-width: 900px) {
    .upload-grid {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .drop {
    display: grid;
    justify-items: center;
    gap: var(--ko-space-3);
    padding: var(--ko-space-6) var(--ko-space-4);
    border: 2px dashed var(--ko-color-border-strong);
    border-radius: var(--ko-radius-lg);
    background: var(--ko-color-surface-muted);
    text-align: center;
    color: var(--ko-color-text-muted);
  }
  .drop.over {
    border-color: var(--ko-color-primary);
    background: var(--ko-color-primary-soft);
  }
  .queue {
    display: grid;
    gap: var(--ko-space-3);
    margin: 0;
    padding: 0;
    list-style: none;
    max-height: 22rem;
    overflow: auto;
  }
  .queue li {
    display: grid;
    gap: var(--ko-space-1);
    padding: var(--ko-space-2) var(--ko-space-3);
    border: 1px solid var(--ko-color-border);
    border-radius: var(--ko-radius);
  }
  .queue li.refused {
    border-color: #f1b5b0;
    background: var(--ko-color-danger-soft);
  }
  .queue .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .queue .state {
    font-size: var(--ko-text-xs);
    color: var(--ko-color-text-muted);
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .queue li.cancelled {
    background: var(--ko-color-surface-muted);
    color: var(--ko-color-text-muted);
  }
  .queue .file-end {
    display: inline-flex;
    align-items: center;
    gap: var(--ko-space-2);
  }
  .refusal {
    color: var(--ko-color-danger);
    font-size: var(--ko-text-sm);
    font-weight: 600;
  }
`;

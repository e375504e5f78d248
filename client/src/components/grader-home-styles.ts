import { css } from "lit";

export const graderHomeStyles = css`
  :host {
    display: grid;
    gap: var(--ko-space-5);
  }
  .alert:empty {
    display: none;
  }
  .muted {
    color: var(--ko-color-text-muted);
    font-size: var(--ko-text-sm);
  }
  .exam {
    display: grid;
    gap: var(--ko-space-4);
  }
  .exam-head {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    justify-content: space-between;
    gap: var(--ko-space-3);
  }
  .progress {
    display: flex;
    align-items: center;
    gap: var(--ko-space-3);
    font-size: var(--ko-text-sm);
  }
  progress {
    flex: 1;
    max-width: 24rem;
    height: 0.75rem;
    accent-color: var(--ko-color-success);
  }
  .table-wrap {
    position: relative;
    overflow-x: auto;
    border: 1px solid var(--ko-color-border);
    border-radius: var(--ko-radius);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--ko-text-sm);
  }
  th,
  td {
    padding: var(--ko-space-2) var(--ko-space-3);
    text-align: left;
    border-bottom: 1px solid var(--ko-color-border);
  }
  thead th {
    background: var(--ko-color-surface-muted);
    font-size: var(--ko-text-xs);
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--ko-color-text-muted);
  }
  tbody tr:last-child > * {
    border-bottom: 0;
  }
  .mark {
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .code {
    font-family: var(--ko-font-mono);
    font-weight: 600;
  }
  .state {
    display: inline-block;
    padding: 0.125rem var(--ko-space-2);
    border-radius: 999px;
    font-size: var(--ko-text-xs);
    font-weight: 600;
    background: var(--ko-color-primary-soft);
    color: var(--ko-color-primary-hover);
  }
  .state-GRADED {
    background: var(--ko-color-success-soft);
    color: var(--ko-color-success);
  }
  .state-partDone {
    background: var(--ko-color-success-soft);
    color: var(--ko-color-text);
  }
  .state-RENDER_FAILED {
    background: var(--ko-color-danger-soft);
    color: var(--ko-color-danger);
  }
  .scope {
    margin-left: var(--ko-space-2);
    font-size: var(--ko-text-xs);
    color: var(--ko-color-text-muted);
  }
  .open {
    text-align: right;
  }
  .open a {
    font-weight: 600;
  }
`;

import { css } from "lit";

// Tables, badges and stat tiles of the results screens (supervision, release, exports, audit, portal).
export const resultsStyles = css`
  .table-wrap {
    overflow-x: auto;
    padding: 0;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--ko-text-sm);
  }
  caption {
    text-align: left;
    padding: var(--ko-space-3) var(--ko-space-4);
    font-weight: 650;
  }
  th,
  td {
    padding: var(--ko-space-2) var(--ko-space-4);
    border-top: 1px solid var(--ko-color-border);
    text-align: left;
    vertical-align: middle;
  }
  thead th {
    background: var(--ko-color-surface-muted);
    font-weight: 600;
    color: var(--ko-color-text-muted);
  }
  td.num,
  th.num {
    text-align: right;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .badge {
    display: inline-block;
    padding: 0.1rem 0.5rem;
    border-radius: 999px;
    font-size: var(--ko-text-xs);
    font-weight: 600;
    background: var(--ko-color-surface-muted);
    border: 1px solid var(--ko-color-border);
    white-space: nowrap;
  }
  .badge.ok {
    background: var(--ko-color-success-soft);
    color: var(--ko-color-success);
    border-color: #b5dcc3;
  }
  .badge.warn {
    background: var(--ko-color-warning-soft);
    color: #6b4a00;
    border-color: #e6cf8f;
  }
  .badge.bad {
    background: var(--ko-color-danger-soft);
    color: var(--ko-color-danger);
    border-color: #f1b5b0;
  }
  .tiles {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
    gap: var(--ko-space-3);
    margin: 0;
  }
  .tile {
    padding: var(--ko-space-3) var(--ko-space-4);
    border: 1px solid var(--ko-color-border);
    border-radius: var(--ko-radius);
    background: var(--ko-color-surface);
  }
  .tile dt {
    font-size: var(--ko-text-xs);
    color: var(--ko-color-text-muted);
  }
  .tile dd {
    margin: 0;
    font-size: var(--ko-text-xl);
    font-weight: 650;
    font-variant-numeric: tabular-nums;
  }
  section + section {
    margin-top: var(--ko-space-6);
  }
  section > h2 {
    margin-bottom: var(--ko-space-3);
  }
  progress {
    width: 100%;
    height: 0.75rem;
    accent-color: var(--ko-color-primary);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ko-space-2);
  }
`;

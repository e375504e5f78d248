import { css } from "lit";

// Pieces the intake pages share: tables, badges, progress bars, toolbars, drop zone.
export const intakeStyles = css`
  :host {
    display: block;
  }
  tbody th {
    font-weight: 400;
  }
  .mb {
    margin-bottom: var(--ko-space-4);
  }
  .mt {
    margin-top: var(--ko-space-4);
  }
  .plain {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .stack {
    display: grid;
    gap: var(--ko-space-4);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--ko-space-3);
  }
  .spread {
    justify-content: space-between;
  }
  .messages {
    display: grid;
    gap: var(--ko-space-2);
  }
  .messages:has(.alert:empty + .alert:empty) {
    display: none;
  }
  .table-wrap {
    position: relative;
    padding: 0;
    overflow-x: auto;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--ko-text-sm);
  }
  caption {
    padding: var(--ko-space-3) var(--ko-space-4);
    text-align: left;
    color: var(--ko-color-text-muted);
    border-bottom: 1px solid var(--ko-color-border);
  }
  th,
  td {
    padding: var(--ko-space-2) var(--ko-space-4);
    text-align: left;
    vertical-align: middle;
    border-bottom: 1px solid var(--ko-color-border);
  }
  thead th {
    background: var(--ko-color-surface-muted);
    font-size: var(--ko-text-xs);
    font-weight: 650;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--ko-color-text-muted);
    white-space: nowrap;
  }
  tbody tr:last-child > * {
    border-bottom: 0;
  }
  td.num,
  th.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .badge {
    display: inline-block;
    padding: 0.125rem var(--ko-space-2);
    border-radius: 999px;
    font-size: var(--ko-text-xs);
    font-weight: 600;
    white-space: nowrap;
    background: var(--ko-color-surface-muted);
    border: 1px solid var(--ko-color-border);
    color: var(--ko-color-text-muted);
  }
  .badge-ok {
    background: var(--ko-color-success-soft);
    border-color: #b5dcc3;
    color: var(--ko-color-success);
  }
  .badge-warn {
    background: var(--ko-color-warning-soft);
    border-color: #ecd48f;
    color: #6b4e00;
  }
  .badge-error {
    background: var(--ko-color-danger-soft);
    border-color: #f1b5b0;
    color: var(--ko-color-danger);
  }
  .badge-info {
    background: var(--ko-color-primary-soft);
    border-color: #c4d3ea;
    color: var(--ko-color-primary-hover);
  }
  .code {
    font-family: var(--ko-font-mono);
    font-weight: 600;
    letter-spacing: 0.03em;
  }
  progress {
    width: 100%;
    height: 0.625rem;
    appearance: none;
    border: 0;
    border-radius: 999px;
    background: var(--ko-color-border);
    overflow: hidden;
  }
  progress::-webkit-progress-bar {
    background: var(--ko-color-border);
    border-radius: 999px;
  }
  progress::-webkit-progress-value {
    background: var(--ko-color-primary);
    border-radius: 999px;
    transition: width 200ms ease;
  }
  progress.done::-webkit-progress-value {
    background: var(--ko-color-success);
  }
  progress.failed::-webkit-progress-value {
    background: var(--ko-color-danger);
  }
  .section-title {
    font-size: var(--ko-text-lg);
    margin-bottom: var(--ko-space-3);
  }
  .kbd-hint {
    font-size: var(--ko-text-xs);
    color: var(--ko-color-text-muted);
  }
  kbd {
    font-family: var(--ko-font-mono);
    font-size: 0.85em;
    padding: 0 0.3em;
    border: 1px solid var(--ko-color-border-strong);
    border-radius: var(--ko-radius-sm);
    background: var(--ko-color-surface);
  }
`;

import { css } from "lit";

// The scale editor's table: one row per node, indented by level.
export const scaleStyles = css`
  .total {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--ko-space-2);
    font-size: var(--ko-text-lg);
  }
  .total strong {
    font-size: var(--ko-text-2xl);
    color: var(--ko-color-primary);
    font-variant-numeric: tabular-nums;
  }
  table.scale th[scope='row'] {
    font-weight: 400;
    min-width: 16rem;
  }
  .label-cell {
    display: flex;
    align-items: center;
    gap: var(--ko-space-2);
  }
  tr.depth-1 {
    background: var(--ko-color-surface-muted);
  }
  tr.depth-1 input[data-field='label'] {
    font-weight: 650;
  }
  tr.depth-2 .label-cell {
    padding-left: var(--ko-space-5);
  }
  tr.depth-3 .label-cell {
    padding-left: var(--ko-space-7);
  }
  .kind {
    flex: none;
    width: 6.5rem;
    font-size: var(--ko-text-xs);
    color: var(--ko-color-text-muted);
    text-transform: uppercase;
    letter-spacing: 0.03em;
  }
  input,
  select {
    min-height: 2.25rem;
    padding: var(--ko-space-1) var(--ko-space-2);
  }
  select {
    width: 6.5rem;
  }
  input.points {
    width: 5.5rem;
    text-align: right;
  }
  .subtotal {
    display: inline-block;
    min-width: 5.5rem;
    font-weight: 650;
    color: var(--ko-color-text-muted);
    font-variant-numeric: tabular-nums;
  }
  td.actions {
    white-space: nowrap;
  }
  td.actions .btn {
    min-width: 2rem;
  }
  .issues {
    margin: var(--ko-space-1) 0 0;
    padding-left: var(--ko-space-5);
    color: var(--ko-color-danger);
    font-size: var(--ko-text-xs);
    font-weight: 600;
  }
  @media (max-width: 900px) {
    .kind {
      display: none;
    }
    table.scale th[scope='row'] {
      min-width: 12rem;
    }
    tr.depth-3 .label-cell {
      padding-left: var(--ko-space-6);
    }
    table.scale th,
    table.scale td {
      padding-inline: var(--ko-space-2);
    }
    select {
      width: 5rem;
    }
  }
`;

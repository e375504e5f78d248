import { css } from "lit";

export const usersTableStyles = css`
  .messages {
    display: grid;
    gap: var(--ko-space-2);
    margin-bottom: var(--ko-space-4);
  }
  .messages:has(.alert:empty + .alert:empty) {
    display: none;
  }
  .load-error {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--ko-space-4);
  }
  .table-wrap {
    /* positioned: the visually-hidden spans (absolute) stay inside the scroll box, not the page */
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
    padding: var(--ko-space-3) var(--ko-space-4);
    text-align: left;
    vertical-align: middle;
    border-bottom: 1px solid var(--ko-color-border);
  }
  tbody tr:last-child > * {
    border-bottom: 0;
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
  tbody th {
    font-weight: 400;
    min-width: 12rem;
  }
  .email {
    font-family: var(--ko-font);
  }
  tbody tr:hover {
    background: var(--ko-color-surface-muted);
  }
  .name {
    display: block;
    font-weight: 600;
  }
  .username,
  .email {
    display: block;
    overflow-wrap: anywhere;
    font-family: var(--ko-font-mono);
    font-size: var(--ko-text-xs);
    color: var(--ko-color-text-muted);
  }
  tr.inactive .name,
  tr.inactive td {
    color: var(--ko-color-text-muted);
  }
  .badge {
    display: inline-block;
    margin: 0.125rem var(--ko-space-1) 0.125rem 0;
    padding: 0.125rem var(--ko-space-2);
    border-radius: 999px;
    font-size: var(--ko-text-xs);
    font-weight: 600;
    white-space: nowrap;
  }
  .badge-active {
    background: var(--ko-color-success-soft);
    color: var(--ko-color-success);
  }
  .badge-inactive {
    background: #eceff3;
    color: var(--ko-color-text-muted);
  }
  .badge-sso {
    background: var(--ko-color-primary-soft);
    color: var(--ko-color-primary-hover);
  }
  .badge-pending {
    background: var(--ko-color-warning-soft);
    color: #7a4b00;
  }
  .actions {
    text-align: right;
  }
  .action-group {
    display: inline-flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: var(--ko-space-2);
  }
  .table-wrap:focus-visible {
    box-shadow: var(--ko-focus-ring);
  }
  /* Tablet: the actions stack and wrap so the table fits without a sideways scroll. */
  @media (max-width: 56rem) {
    th,
    td {
      padding: var(--ko-space-3);
    }
    tbody th {
      min-width: 9rem;
    }
    .action-group {
      flex-direction: column;
      align-items: stretch;
    }
    .action-group .btn {
      white-space: normal;
      max-width: 11rem;
    }
  }
`;

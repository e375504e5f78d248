import { css } from "lit";

export const rubricStyles = css`
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--ko-space-3);
    margin-bottom: var(--ko-space-4);
  }
  .version {
    font-size: var(--ko-text-sm);
    color: var(--ko-color-text-muted);
  }
  fieldset.question {
    border: 1px solid var(--ko-color-border);
    border-radius: var(--ko-radius, 6px);
    background: var(--ko-color-surface);
    margin: 0 0 var(--ko-space-4);
    padding: var(--ko-space-3) var(--ko-space-4);
  }
  legend {
    font-weight: 650;
    padding: 0 var(--ko-space-2);
  }
  .settings {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ko-space-4);
    align-items: end;
    margin-bottom: var(--ko-space-3);
  }
  .settings label,
  .item label {
    display: block;
    font-size: var(--ko-text-sm);
    color: var(--ko-color-text-muted);
  }
  input,
  select {
    font: inherit;
    padding: 0.3rem 0.45rem;
    border: 1px solid var(--ko-color-border-strong);
    border-radius: 4px;
    background: var(--ko-color-surface);
    color: var(--ko-color-text);
  }
  input:focus-visible,
  select:focus-visible,
  button:focus-visible {
    outline: none;
    box-shadow: var(--ko-focus-ring);
  }
  input[aria-invalid='true'] {
    border-color: var(--ko-color-danger);
    background: var(--ko-color-danger-soft);
  }
  .num {
    width: 5.5rem;
  }
  ol.items {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .item {
    display: grid;
    grid-template-columns: minmax(10rem, 2fr) 6rem minmax(8rem, 2fr) 7rem auto;
    gap: var(--ko-space-2);
    align-items: end;
    padding: var(--ko-space-2) 0;
    border-top: 1px solid var(--ko-color-border);
  }
  .item input {
    width: 100%;
  }
  .item .tools {
    display: flex;
    gap: 2px;
  }
  .empty-items {
    color: var(--ko-color-text-muted);
    font-size: var(--ko-text-sm);
    margin: 0 0 var(--ko-space-2);
  }
  .actions {
    position: sticky;
    bottom: 0;
    display: flex;
    flex-wrap: wrap;
    gap: var(--ko-space-2);
    align-items: center;
    padding: var(--ko-space-3) 0;
    background: var(--ko-color-bg);
    border-top: 1px solid var(--ko-color-border);
  }
  section.preview {
    border: 2px solid var(--ko-color-primary);
    border-radius: var(--ko-radius, 6px);
    background: var(--ko-color-surface);
    padding: var(--ko-space-4);
    margin: var(--ko-space-4) 0;
  }
  .counts {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ko-space-3);
    margin: var(--ko-space-3) 0;
    padding: 0;
    list-style: none;
  }
  .counts li {
    background: var(--ko-color-surface-muted);
    border: 1px solid var(--ko-color-border);
    border-radius: 4px;
    padding: var(--ko-space-2) var(--ko-space-3);
  }
  .counts strong {
    font-size: var(--ko-text-lg);
    margin-right: 0.25rem;
  }
  .table-wrap {
    max-height: 24rem;
    overflow: auto;
    border: 1px solid var(--ko-color-border);
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: var(--ko-text-sm);
  }
  th,
  td {
    text-align: left;
    padding: 0.35rem 0.6rem;
    border-bottom: 1px solid var(--ko-color-border);
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--ko-color-surface-muted);
  }
  tr.crossing td {
    background: var(--ko-color-warning-soft);
    font-weight: 600;
  }
  .down {
    color: var(--ko-color-danger);
  }
  .up {
    color: var(--ko-color-success);
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ko-space-2);
    align-items: center;
  }
  @media (max-width: 48rem) {
    .item {
      grid-template-columns: 1fr 1fr;
    }
  }
`;

import { css } from "lit";

// The identification desk: the current copy large, the list of copies beside it.
export const identifyStyles = css`
  .desk {
    display: grid;
    grid-template-columns: minmax(0, 1fr) 18rem;
    gap: var(--ko-space-5);
    align-items: start;
  }
  @media (max-width: 900px) {
    .desk {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .progress-box {
    display: grid;
    gap: var(--ko-space-1);
    min-width: 14rem;
    font-weight: 600;
  }
  .current {
    display: grid;
    gap: var(--ko-space-4);
  }
  .header {
    margin: 0;
    padding: var(--ko-space-2);
    background: var(--ko-color-surface-muted);
    border: 1px solid var(--ko-color-border);
    border-radius: var(--ko-radius);
  }
  .linked {
    padding: var(--ko-space-3);
    border-radius: var(--ko-radius);
    background: var(--ko-color-success-soft);
    color: var(--ko-color-success);
  }
  .side {
    display: grid;
    gap: var(--ko-space-3);
    padding: var(--ko-space-4);
    max-height: calc(100vh - 8rem);
    overflow: auto;
  }
  .side h2 {
    font-size: var(--ko-text-md);
  }
  .side h3 {
    font-size: var(--ko-text-sm);
  }
  .copy-list,
  .absences {
    display: grid;
    gap: var(--ko-space-1);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .pick {
    display: flex;
    justify-content: space-between;
    gap: var(--ko-space-2);
    width: 100%;
    padding: var(--ko-space-1) var(--ko-space-2);
    border: 1px solid transparent;
    border-radius: var(--ko-radius-sm);
    background: none;
    color: var(--ko-color-text-muted);
    font: inherit;
    font-size: var(--ko-text-sm);
    text-align: left;
    cursor: pointer;
  }
  .pick.done {
    color: var(--ko-color-success);
  }
  .pick[aria-current='true'] {
    border-color: var(--ko-color-primary);
    background: var(--ko-color-primary-soft);
    color: var(--ko-color-primary-hover);
    font-weight: 650;
  }
  .pick:hover {
    background: var(--ko-color-surface-muted);
  }
  .variant {
    margin: 0;
    padding: 0;
    border: 0;
    flex-wrap: wrap;
    gap: var(--ko-space-3);
  }
  .variant legend {
    float: left;
    padding: 0;
    margin-right: var(--ko-space-2);
    font-weight: 650;
  }
  .variant-tag {
    flex: none;
    min-width: 1.5em;
    padding: 0 var(--ko-space-1);
    border: 1px solid currentColor;
    border-radius: var(--ko-radius-sm);
    font-weight: 650;
    text-align: center;
  }
  .absences li {
    font-size: var(--ko-text-sm);
  }
`;

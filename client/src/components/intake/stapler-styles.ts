import { css } from "lit";

// The stapler: a copy per card, its pages in a wrapping strip with their buttons below.
export const staplerStyles = css`
  .copy {
    display: grid;
    gap: var(--ko-space-3);
    padding: var(--ko-space-4);
  }
  .copy h2 {
    font-size: var(--ko-text-md);
  }
  .pages {
    display: flex;
    flex-wrap: wrap;
    gap: var(--ko-space-4);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .pages li {
    display: grid;
    gap: var(--ko-space-2);
    justify-items: center;
  }
  .page {
    position: relative;
    border-radius: var(--ko-radius-sm);
    cursor: grab;
  }
  .page:focus-visible {
    box-shadow: var(--ko-focus-ring);
  }
  .page-no {
    position: absolute;
    left: var(--ko-space-1);
    bottom: var(--ko-space-1);
    min-width: 1.5rem;
    padding: 0 var(--ko-space-1);
    border-radius: var(--ko-radius-sm);
    background: var(--ko-color-header);
    color: var(--ko-color-on-header);
    font-size: var(--ko-text-xs);
    font-weight: 700;
    text-align: center;
  }
  .page-actions {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: var(--ko-space-1);
    max-width: 9rem;
  }
  .page-actions .btn {
    min-width: 2rem;
    padding: var(--ko-space-1) var(--ko-space-2);
  }
  select.compact {
    width: auto;
    min-height: 2rem;
    max-width: 9rem;
    padding: var(--ko-space-1) var(--ko-space-2);
    font-size: var(--ko-text-xs);
  }
`;

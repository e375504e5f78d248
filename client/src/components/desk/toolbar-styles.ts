import { css } from 'lit';

export const toolbarStyles = css`
  :host {
    display: block;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--ko-space-2) var(--ko-space-4);
    padding: var(--ko-space-2) var(--ko-space-4);
    background: var(--ko-color-surface);
    border-bottom: 1px solid var(--ko-color-border);
  }
  .group {
    display: flex;
    align-items: center;
    gap: 0.125rem;
  }
  .group + .group {
    padding-left: var(--ko-space-3);
    border-left: 1px solid var(--ko-color-border);
  }
  .tool,
  .swatch {
    display: grid;
    place-items: center;
    width: 2.5rem;
    height: 2.5rem;
    padding: 0;
    border: 1px solid transparent;
    border-radius: var(--ko-radius);
    background: transparent;
    color: var(--ko-color-text);
    cursor: pointer;
  }
  .tool:hover:not([disabled]),
  .swatch:hover:not([disabled]) {
    background: var(--ko-color-surface-muted);
    border-color: var(--ko-color-border);
  }
  .tool[aria-pressed='true'] {
    background: var(--ko-color-primary);
    border-color: var(--ko-color-primary);
    color: var(--ko-color-on-primary);
  }
  .swatch[aria-pressed='true'] {
    border-color: var(--ko-color-text);
    box-shadow: inset 0 0 0 2px var(--ko-color-surface);
  }
  .tool[disabled],
  .swatch[disabled] {
    opacity: 0.45;
    cursor: not-allowed;
  }
  .tool:focus-visible,
  .swatch:focus-visible {
    box-shadow: var(--ko-focus-ring);
  }
  .chip {
    width: 1.25rem;
    height: 1.25rem;
    border-radius: 50%;
    border: 1px solid rgb(0 0 0 / 0.25);
  }
  .zoom,
  .page-label {
    min-width: 3.5rem;
    text-align: center;
    font-size: var(--ko-text-sm);
    font-variant-numeric: tabular-nums;
    color: var(--ko-color-text);
    white-space: nowrap;
  }
  .page-label {
    min-width: 5.5rem;
  }
  @media (max-width: 56rem) {
    .bar {
      gap: var(--ko-space-1) var(--ko-space-2);
      padding: var(--ko-space-1) var(--ko-space-2);
    }
    .group + .group {
      padding-left: var(--ko-space-2);
    }
    .tool,
    .swatch {
      width: 2.25rem;
      height: 2.25rem;
    }
  }
`;

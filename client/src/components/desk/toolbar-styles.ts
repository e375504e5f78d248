import { css } from "lit";

export const toolbarStyles = css`
  :host {
    display: block;
  }
  /* one row: what does not fit scrolls sideways instead of pushing the page down */
  .bar {
    position: relative;
    display: flex;
    flex-wrap: nowrap;
    overflow-x: auto;
    scrollbar-width: thin;
    align-items: center;
    gap: var(--ko-space-2) var(--ko-space-4);
    padding: var(--ko-space-2) var(--ko-space-4);
    background: var(--ko-color-surface);
    border-bottom: 1px solid var(--ko-color-border);
  }
  .group {
    flex: none;
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
  /* hover only where there is one (a tapped tool kept a pale "hover" that hid its white icon) */
  @media (hover: hover) {
    .tool:hover:not([disabled]):not([aria-pressed='true']),
    .swatch:hover:not([disabled]) {
      background: var(--ko-color-surface-muted);
      border-color: var(--ko-color-border);
    }
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
  /* the colours behind one button where the row is short or fingers are wide */
  .color-toggle {
    display: none;
    flex: none;
  }
  @media (pointer: coarse), (max-width: 72rem) {
    .color-toggle {
      display: grid;
    }
    .group.colors {
      display: none;
    }
    .group.colors.open {
      display: flex;
      position: fixed;
      z-index: 5;
      padding: var(--ko-space-1);
      border: 1px solid var(--ko-color-border);
      border-radius: var(--ko-radius);
      background: var(--ko-color-surface);
      box-shadow: 0 4px 12px rgb(16 24 40 / 0.2);
    }
  }
  /* under a finger: 44 px targets, and the zoom steps give way to the pinch */
  @media (pointer: coarse) {
    .tool,
    .swatch {
      width: 2.75rem;
      height: 2.75rem;
    }
    .zoom-step {
      display: none;
    }
    .group + .group {
      padding-left: var(--ko-space-2);
    }
    .bar {
      gap: var(--ko-space-2);
      padding: var(--ko-space-1) var(--ko-space-3);
    }
    .page-label {
      min-width: 4.5rem;
    }
  }
  /* a narrow row: the page navigation before the view controls (a pinch zooms anyway) */
  @media (max-width: 60rem) {
    .group.view {
      order: 1;
    }
  }
  /* two pages side by side only where two fit: a wide screen */
  @media (max-width: 79.99rem) {
    .wide-only {
      display: none;
    }
  }
`;

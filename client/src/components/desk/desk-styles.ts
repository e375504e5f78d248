import { css } from "lit";

// The desk fills the viewport under the app header: pages scroll on the left, the scale on the right.
export const deskStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    flex: 1;
    min-height: 0;
    background: var(--ko-color-bg);
    /* a pinch on the desk zooms the page (desk-pinch.ts), never the interface */
    touch-action: pan-x pan-y;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--ko-space-2) var(--ko-space-4);
    padding: var(--ko-space-2) var(--ko-space-4);
    background: var(--ko-color-surface);
    border-bottom: 1px solid var(--ko-color-border);
  }
  .back {
    font-size: var(--ko-text-sm);
    font-weight: 600;
    white-space: nowrap;
  }
  .title {
    display: flex;
    align-items: baseline;
    gap: var(--ko-space-3);
    flex: 1;
  }
  h1 {
    font-size: var(--ko-text-xl);
    white-space: nowrap;
  }
  .exam {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--ko-color-text-muted);
    font-size: var(--ko-text-sm);
  }
  .head-tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: var(--ko-space-2) var(--ko-space-3);
    margin-left: auto;
    min-width: 0;
  }
  .copy-progress {
    font-size: var(--ko-text-sm);
    font-weight: 600;
    color: var(--ko-color-text-muted);
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .icon-btn {
    width: 2rem;
    padding: 0;
  }
  .drawer-toggle {
    display: none;
  }
  .back {
    display: inline-flex;
    align-items: center;
    min-height: 2.75rem;
  }
  .work {
    flex: 1;
    display: grid;
    grid-template-columns: minmax(0, 1fr) 22rem;
    min-height: 0;
  }
  .pages {
    overflow: auto;
    /* the scrollbar's room kept from the start: the pages are fitted before they exist, and do not shift when it appears */
    scrollbar-gutter: stable;
    padding: var(--ko-space-4);
    display: grid;
    gap: var(--ko-space-4);
    align-content: start;
    justify-content: safe center;
    overscroll-behavior: contain;
    touch-action: pan-x pan-y;
  }
  /* two pages side by side (a wide screen) */
  .pages.two {
    grid-template-columns: repeat(2, max-content);
  }
  .pages:focus-visible {
    box-shadow: inset var(--ko-focus-ring);
  }
  aside {
    overflow-y: auto;
    padding: var(--ko-space-4);
    background: var(--ko-color-surface);
    border-left: 1px solid var(--ko-color-border);
    display: grid;
    gap: var(--ko-space-5);
    align-content: start;
  }
  .notice {
    padding: var(--ko-space-2) var(--ko-space-4);
    border-radius: 0;
  }
  .loading {
    padding: var(--ko-space-6);
    color: var(--ko-color-text-muted);
  }
  @media (max-width: 64rem) {
    .work {
      grid-template-columns: minmax(0, 1fr) 18rem;
    }
  }
  @media (max-width: 56rem) {
    h1 {
      font-size: var(--ko-text-lg);
    }
    .title {
      flex-direction: column;
      gap: 0;
    }
    .exam {
      max-width: 100%;
    }
    .head {
      padding: var(--ko-space-2) var(--ko-space-3);
    }
    .pages {
      padding: var(--ko-space-2);
      gap: var(--ko-space-2);
    }
    aside {
      padding: var(--ko-space-3);
    }
  }
  /* the header stays one row: the exam's title gives way first, then the save status (its full
     text in its tooltip); the copy's code never does */
  .head,
  .head-tools {
    flex-wrap: nowrap;
  }
  h1 {
    flex: none;
  }
  /* no width of its own (its text must not count in the title's minimum): it takes what is left */
  .exam {
    width: 0;
    min-width: 0;
    flex: 1 1 0;
  }
  .head-tools > * {
    flex: none;
  }
  .head-tools > ko-save-status,
  .head-tools > ko-presence,
  .head-tools > .copy-progress {
    flex: 0 1 auto;
    min-width: 0;
  }
  .copy-progress {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  @media (pointer: coarse) {
    .icon-btn {
      width: 2.75rem;
    }
  }
  /* portrait tablet: the page takes the width, the scale is a drawer over it */
  @media (max-width: 60rem) {
    .work {
      position: relative;
      grid-template-columns: minmax(0, 1fr);
      /* the closed drawer waits off to the right: it must not widen the page */
      overflow: hidden;
    }
    .drawer-toggle {
      display: inline-flex;
    }
    .drawer-toggle[aria-expanded='true'] {
      background: var(--ko-color-primary);
      border-color: var(--ko-color-primary);
      color: var(--ko-color-on-primary);
    }
    aside {
      position: absolute;
      z-index: 4;
      top: 0;
      right: 0;
      bottom: 0;
      width: min(22rem, 88%);
      box-shadow: -6px 0 18px rgb(16 24 40 / 0.18);
      visibility: hidden;
      transform: translateX(100%);
      transition: transform 0.18s ease-out, visibility 0s linear 0.18s;
    }
    aside.open {
      visibility: visible;
      transform: none;
      transition: transform 0.18s ease-out;
    }
    .exam {
      display: none;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    aside,
    aside.open {
      transition: none;
    }
  }
`;

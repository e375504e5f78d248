import { css } from "lit";

// Layout of the shell: skip link, header bar, main column.
export const appStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 100vh;
  }
  .skip {
    position: absolute;
    left: var(--ko-space-3);
    top: -4rem;
    z-index: 20;
    padding: var(--ko-space-2) var(--ko-space-4);
    background: var(--ko-color-surface);
    color: var(--ko-color-primary);
    border: 0;
    border-radius: var(--ko-radius);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .skip:focus {
    top: var(--ko-space-2);
  }
  header {
    background: var(--ko-color-header);
    color: var(--ko-color-on-header);
    --ko-switch-bg: transparent;
    --ko-switch-color: var(--ko-color-on-header);
    --ko-switch-border: rgb(255 255 255 / 0.35);
    --ko-switch-hover-bg: rgb(255 255 255 / 0.1);
    --ko-switch-focus-ring: 0 0 0 3px #fff, 0 0 0 5px var(--ko-color-focus);
  }
  .bar {
    display: flex;
    align-items: center;
    gap: var(--ko-space-5);
    flex-wrap: wrap;
    /* wider than the content column: the admin's nav and the tools fit on one line on a laptop */
    max-width: 90rem;
    min-height: var(--ko-header-height);
    margin: 0 auto;
    padding: var(--ko-space-2) var(--ko-space-5);
  }
  .brand {
    display: inline-flex;
    min-height: var(--ko-touch-min);
    align-items: center;
    gap: var(--ko-space-2);
    color: var(--ko-color-on-header);
    font-size: var(--ko-text-lg);
    font-weight: 700;
    letter-spacing: 0.01em;
    text-decoration: none;
  }
  .brand:hover {
    color: var(--ko-color-on-header);
  }
  .brand:focus-visible,
  nav a:focus-visible {
    box-shadow: 0 0 0 3px #fff, 0 0 0 5px var(--ko-color-focus);
  }
  .logo {
    width: 1.75rem;
    height: 1.75rem;
  }
  nav ul {
    display: flex;
    gap: var(--ko-space-1);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  nav a {
    display: inline-block;
    padding: var(--ko-space-2) var(--ko-space-3);
    border-radius: var(--ko-radius);
    color: var(--ko-color-on-header);
    font-size: var(--ko-text-sm);
    font-weight: 600;
    text-decoration: none;
  }
  nav a:hover {
    color: var(--ko-color-on-header);
    background: rgb(255 255 255 / 0.1);
  }
  nav a[aria-current='page'] {
    background: rgb(255 255 255 / 0.16);
    box-shadow: inset 0 -2px 0 #fff;
  }
  .tools {
    display: flex;
    align-items: center;
    gap: var(--ko-space-3);
    margin-left: auto;
  }
  main {
    flex: 1;
    width: 100%;
    max-width: var(--ko-content-width);
    margin: 0 auto;
    padding: var(--ko-space-6) var(--ko-space-5) var(--ko-space-7);
  }
  /* The grader desk takes the whole window under the header and scrolls inside. */
  :host([desk]) {
    height: 100vh;
  }
  :host([desk]) .bar {
    max-width: none;
  }
  main.full {
    display: flex;
    flex-direction: column;
    min-height: 0;
    max-width: none;
    padding: 0;
  }
  main:focus,
  main:focus-visible {
    outline: none;
    box-shadow: none;
  }
  .banner {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--ko-space-4);
    margin-bottom: var(--ko-space-5);
  }
  .loading {
    color: var(--ko-color-text-muted);
  }
  @media (max-width: 48rem) {
    .bar {
      gap: var(--ko-space-3);
      padding: var(--ko-space-2) var(--ko-space-4);
    }
    main {
      padding: var(--ko-space-5) var(--ko-space-4) var(--ko-space-6);
    }
  }
`;

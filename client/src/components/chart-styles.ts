import { css } from "lit";

// Shared by the inline SVG charts: a figure, its caption, the chart, and the data table fallback.
export const chartStyles = css`
  :host {
    display: block;
  }
  figure {
    margin: 0;
    display: grid;
    gap: var(--ko-space-2);
  }
  figcaption {
    font-weight: 650;
  }
  svg {
    width: 100%;
    height: auto;
    display: block;
  }
  .bar {
    fill: var(--ko-color-primary);
  }
  .bar.low {
    fill: #a8201a;
  }
  .track {
    fill: var(--ko-color-primary-soft);
  }
  .axis {
    stroke: var(--ko-color-border-strong);
    stroke-width: 1;
  }
  text {
    font-family: var(--ko-font);
    font-size: 12px;
    fill: var(--ko-color-text);
  }
  text.muted {
    fill: var(--ko-color-text-muted);
  }
  details summary {
    cursor: pointer;
    font-size: var(--ko-text-sm);
    color: var(--ko-color-primary);
  }
  table {
    border-collapse: collapse;
    margin-top: var(--ko-space-2);
    font-size: var(--ko-text-sm);
  }
  th,
  td {
    padding: var(--ko-space-1) var(--ko-space-3);
    border-bottom: 1px solid var(--ko-color-border);
    text-align: right;
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  .empty {
    color: var(--ko-color-text-muted);
    font-size: var(--ko-text-sm);
  }
`;

import { css } from "lit";

// Building blocks shared by the components; values come from tokens.css only.

export const base = css`
  :host {
    font-family: var(--ko-font);
    color: var(--ko-color-text);
    line-height: var(--ko-leading);
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  h1,
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
    font-weight: 650;
  }
  h1 {
    font-size: var(--ko-text-2xl);
  }
  h2 {
    font-size: var(--ko-text-lg);
  }
  /* Headings get focus only programmatically, on navigation: no ring on a non-control. */
  h1:focus,
  h1:focus-visible {
    outline: none;
    box-shadow: none;
  }
  p {
    margin: 0;
  }
  a {
    color: var(--ko-color-primary);
    text-underline-offset: 0.15em;
  }
  a:hover {
    color: var(--ko-color-primary-hover);
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--ko-focus-ring);
    border-radius: var(--ko-radius-sm);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  .muted {
    color: var(--ko-color-text-muted);
  }
`;

export const buttons = css`
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: var(--ko-space-2);
    min-height: 2.5rem;
    padding: var(--ko-space-2) var(--ko-space-4);
    border: 1px solid var(--ko-color-border-strong);
    border-radius: var(--ko-radius);
    background: var(--ko-color-surface);
    color: var(--ko-color-text);
    font: inherit;
    font-size: var(--ko-text-sm);
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
    white-space: nowrap;
    transition: background-color 120ms ease, border-color 120ms ease;
  }
  .btn:hover {
    background: var(--ko-color-surface-muted);
    border-color: var(--ko-color-text-muted);
    color: var(--ko-color-text);
  }
  .btn:focus-visible {
    box-shadow: var(--ko-focus-ring);
    border-radius: var(--ko-radius);
  }
  .btn[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .btn-primary {
    background: var(--ko-color-primary);
    border-color: var(--ko-color-primary);
    color: var(--ko-color-on-primary);
  }
  .btn-primary:hover {
    background: var(--ko-color-primary-hover);
    border-color: var(--ko-color-primary-hover);
    color: var(--ko-color-on-primary);
  }
  .btn-danger {
    background: var(--ko-color-danger);
    border-color: var(--ko-color-danger);
    color: #fff;
  }
  .btn-danger:hover {
    background: #8a1a15;
    border-color: #8a1a15;
    color: #fff;
  }
  .btn-small {
    min-height: 2rem;
    padding: var(--ko-space-1) var(--ko-space-3);
    font-size: var(--ko-text-xs);
  }
  .btn-block {
    width: 100%;
  }
  /* under a finger every control is at least 44 px */
  @media (pointer: coarse) {
    .btn,
    .btn-small {
      min-height: 2.75rem;
    }
  }
`;

export const forms = css`
  .field {
    display: grid;
    gap: var(--ko-space-1);
  }
  .field + .field {
    margin-top: var(--ko-space-4);
  }
  label {
    font-weight: 600;
    font-size: var(--ko-text-sm);
  }
  .hint {
    font-size: var(--ko-text-xs);
    color: var(--ko-color-text-muted);
  }
  input,
  select {
    width: 100%;
    min-height: 2.75rem;
    padding: var(--ko-space-2) var(--ko-space-3);
    border: 1px solid var(--ko-color-border-strong);
    border-radius: var(--ko-radius);
    background: var(--ko-color-surface);
    color: var(--ko-color-text);
    font: inherit;
  }
  input:focus-visible,
  select:focus-visible {
    outline: none;
    border-color: var(--ko-color-focus);
    box-shadow: 0 0 0 3px rgb(37 99 201 / 0.35);
  }
  input[aria-invalid='true'] {
    border-color: var(--ko-color-danger);
  }
  .field-error {
    font-size: var(--ko-text-xs);
    color: var(--ko-color-danger);
    font-weight: 600;
  }
  .checkbox {
    display: flex;
    align-items: center;
    gap: var(--ko-space-2);
    font-weight: 400;
  }
  .checkbox input {
    width: 1.125rem;
    min-height: 1.125rem;
    height: 1.125rem;
    margin: 0;
    accent-color: var(--ko-color-primary);
  }  @media (pointer: coarse) {
    .checkbox {
      min-height: 2.75rem;
    }
  }
`;

export const alerts = css`
  .alert {
    padding: var(--ko-space-3) var(--ko-space-4);
    border-radius: var(--ko-radius);
    border: 1px solid transparent;
    font-size: var(--ko-text-sm);
  }
  .alert:empty {
    display: none;
  }
  .alert-error {
    background: var(--ko-color-danger-soft);
    border-color: #f1b5b0;
    color: var(--ko-color-danger);
  }
  .alert-info {
    background: var(--ko-color-primary-soft);
    border-color: #c4d3ea;
    color: var(--ko-color-primary-hover);
  }
  .alert-success {
    background: var(--ko-color-success-soft);
    border-color: #b5dcc3;
    color: var(--ko-color-success);
  }
  .alert ul {
    margin: var(--ko-space-1) 0 0;
    padding-left: var(--ko-space-5);
  }
`;

export const cards = css`
  .card {
    background: var(--ko-color-surface);
    border: 1px solid var(--ko-color-border);
    border-radius: var(--ko-radius-lg);
    box-shadow: var(--ko-shadow-sm);
    padding: var(--ko-space-5);
  }
  .empty {
    display: grid;
    gap: var(--ko-space-2);
    justify-items: start;
    padding: var(--ko-space-5);
    border: 1px dashed var(--ko-color-border-strong);
    border-radius: var(--ko-radius);
    background: var(--ko-color-surface-muted);
    color: var(--ko-color-text-muted);
  }
`;

export const page = css`
  :host {
    display: block;
  }
  .page-head {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    justify-content: space-between;
    gap: var(--ko-space-4);
    margin-bottom: var(--ko-space-5);
  }
  .page-head p {
    margin-top: var(--ko-space-1);
    color: var(--ko-color-text-muted);
  }
`;

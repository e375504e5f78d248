import { css } from "lit";

export const scorePanelStyles = css`
  :host {
    display: block;
  }
  .head {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--ko-space-3);
    margin-bottom: var(--ko-space-3);
  }
  .total {
    font-size: var(--ko-text-md);
    font-variant-numeric: tabular-nums;
  }
  .total strong {
    font-size: var(--ko-text-xl);
  }
  .group {
    margin: 0 0 var(--ko-space-3);
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    margin-bottom: var(--ko-space-1);
    font-size: var(--ko-text-sm);
    font-weight: 650;
    color: var(--ko-color-text-muted);
  }
  .question {
    padding: var(--ko-space-1) 0;
    border-bottom: 1px solid var(--ko-color-border);
  }
  .row {
    display: grid;
    grid-template-columns: minmax(2rem, 1fr) 4.5rem 2.25rem 6.5rem 2.25rem;
    align-items: center;
    gap: var(--ko-space-1);
  }
  .q-label {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  input.score {
    min-height: 2.25rem;
    padding: var(--ko-space-1) var(--ko-space-2);
    text-align: right;
    font-variant-numeric: tabular-nums;
  }
  .question.scored input.score {
    border-color: var(--ko-color-success);
  }
  /* the mark tool's target: a click on the page places this question's mark */
  .question.mark-target {
    box-shadow: inset 3px 0 0 var(--ko-color-danger);
    padding-left: var(--ko-space-2);
  }
  .hint.mark-hint {
    color: var(--ko-color-danger);
  }
  input.score[aria-invalid='true'] {
    border-color: var(--ko-color-danger);
    background: var(--ko-color-danger-soft);
  }
  input[disabled] {
    background: var(--ko-color-surface-muted);
    color: var(--ko-color-text-muted);
  }
  .max {
    font-size: var(--ko-text-sm);
    color: var(--ko-color-text-muted);
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .comment-toggle {
    min-height: 2rem;
    padding: 0 var(--ko-space-2);
    width: 100%;
  }
  @media (max-width: 64rem) {
    .row {
      grid-template-columns: minmax(1.75rem, 1fr) 3.75rem 2rem 6rem 2.25rem;
      gap: var(--ko-space-1);
    }
  }
  .comment-toggle.has-comment {
    border-color: var(--ko-color-primary);
    color: var(--ko-color-primary);
  }
  .comment {
    margin-top: var(--ko-space-1);
  }
  .comment[hidden] {
    display: none;
  }
  textarea {
    width: 100%;
    padding: var(--ko-space-2);
    border: 1px solid var(--ko-color-border-strong);
    border-radius: var(--ko-radius);
    font: inherit;
    font-size: var(--ko-text-sm);
    resize: vertical;
  }
  textarea:focus-visible {
    outline: none;
    border-color: var(--ko-color-focus);
    box-shadow: 0 0 0 3px rgb(37 99 201 / 0.35);
  }
  .general {
    display: grid;
    gap: var(--ko-space-1);
    margin-top: var(--ko-space-4);
  }
  .hint {
    font-size: var(--ko-text-xs);
    color: var(--ko-color-text-muted);
  }
  .field-error {
    margin-top: var(--ko-space-1);
  }
  /* a rubric question: marked by its items (ko-rubric-items), the score is computed */
  .question.rubric .row {
    grid-template-columns: minmax(2rem, 1fr) 4.5rem 2.25rem 2.25rem auto;
  }
  button.pick {
    border: 0;
    background: none;
    padding: 0;
    font: inherit;
    text-align: left;
    cursor: pointer;
  }
  button.pick:focus-visible {
    outline: 2px solid var(--ko-color-focus);
  }
  .question.rubric.active {
    box-shadow: inset 3px 0 0 var(--ko-color-focus);
    padding-left: var(--ko-space-2);
  }
  .score-readonly {
    text-align: right;
    font-variant-numeric: tabular-nums;
    font-weight: 650;
  }
  /* under a finger every control is at least 44 px */
  @media (pointer: coarse) {
    input.score,
    .comment-toggle,
    button.pick {
      min-height: 2.75rem;
    }
  }
`;

import { css } from "lit";

// The dispatch page: the form beside the preview chart.
export const dispatchStyles = css`
  .dispatch-grid {
    display: grid;
    grid-template-columns: minmax(0, 22rem) minmax(0, 1fr);
    gap: var(--ko-space-5);
    align-items: start;
  }
  /* by exercises: the graders × exercises table needs room beside the chart */
  .dispatch-grid.wide {
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
  }
  @media (max-width: 900px) {
    .dispatch-grid,
    .dispatch-grid.wide {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  fieldset {
    display: grid;
    gap: var(--ko-space-2);
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    margin-bottom: var(--ko-space-2);
    font-weight: 650;
  }
  .indent {
    margin-left: var(--ko-space-5);
  }
  .ranges td {
    text-align: center;
  }
  .ranges input {
    width: 1.125rem;
    height: 1.125rem;
    min-height: 0;
  }
`;

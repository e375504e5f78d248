// The narrow centred card of the pages around sign-in (forgotten password, reset, unsubscribe).
import { css } from "lit";

export const signInCard = css`
  :host {
    display: grid;
    justify-items: center;
    padding-top: var(--ko-space-6);
  }
  .card {
    width: 100%;
    max-width: 30rem;
    padding: var(--ko-space-6);
  }
  h1 {
    font-size: var(--ko-text-xl);
  }
  .intro {
    margin: var(--ko-space-2) 0 var(--ko-space-5);
    color: var(--ko-color-text-muted);
  }
  .alert {
    margin-bottom: var(--ko-space-4);
  }
  form .btn {
    margin-top: var(--ko-space-5);
  }
  .back {
    display: block;
    margin-top: var(--ko-space-4);
    text-align: center;
    font-size: var(--ko-text-sm);
  }
`;

// The second marker's queue on their home: the copies to mark blind, each opening the layer's desk.
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { mySecondMarkings, type QueueRow } from "../../api/moderation.ts";
import { errorMessage, LocaleController, t } from "../../i18n/i18n.ts";
import { secondLayerDeskPath } from "../../router.ts";
import { alerts, base, buttons, cards } from "../../styles/shared.ts";

@customElement("ko-second-marking-queue")
export class KoSecondMarkingQueue extends LitElement {
  static override styles = [
    base,
    buttons,
    cards,
    alerts,
    css`
    ul { list-style: none; padding: 0; margin: 0.5rem 0 0; display: grid; gap: 0.5rem; }
    li { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
    .code { font-weight: 600; min-width: 6rem; }
    .btn { min-height: 44px; }
  `,
  ];

  @state() private rows: QueueRow[] | null = null;
  @state() private error: (() => string) | null = null;

  constructor() {
    super();
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    mySecondMarkings().then(
      (r) => (this.rows = r.markings),
      (err) => (this.error = () => errorMessage(err)),
    );
  }

  override render() {
    if (this.error) return html`<div class="alert alert-error" role="alert">${this.error()}</div>`;
    if (!this.rows || this.rows.length === 0) return nothing; // nothing asked of this grader: no section at all
    return html`<section class="card" aria-labelledby="queue-title" data-testid="second-marking-queue">
      <h2 id="queue-title">${t("moderation.queue.title")}</h2>
      <p class="muted">${t("moderation.queue.intro")}</p>
      <ul>
        ${this.rows.map(
          (r) => html`<li data-queue=${r.copyId}>
          <span class="code">${r.anonymousCode}</span>
          <span>${r.examTitle}</span>
          <span data-status=${r.status}>${t(`moderation.status.${r.status}`)}</span>
          <a class="btn btn-small ${r.status === "GRADING" ? "btn-primary" : ""}" href=${secondLayerDeskPath(r.copyId)} aria-label=${t("moderation.queue.openLabel", { code: r.anonymousCode })}>
            ${r.status === "GRADING" ? t("moderation.queue.open") : t("moderation.queue.review")}</a>
        </li>`,
        )}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-second-marking-queue": KoSecondMarkingQueue;
  }
}

import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { unsubscribe } from "../../api/notices.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { paths } from "../../router.ts";
import { alerts, base, buttons, cards } from "../../styles/shared.ts";
import { signInCard } from "./sign-in-styles.ts";

const KINDS = ["COPY_RELEASED", "SUPERVISOR_SUMMARY"] as const;
type Kind = (typeof KINDS)[number];

/** The unsubscribe link of an e-mail: asks first (mail scanners open links), then unsubscribes. */
@customElement("ko-unsubscribe")
export class KoUnsubscribe extends LitElement {
  static override styles = [base, buttons, alerts, cards, signInCard];

  @property({ attribute: false }) query = new URLSearchParams();
  @state() private done = false;
  @state() private busy = false;
  @state() private error: (() => string) | null = null;

  private readonly locale = new LocaleController(this);

  private get kind(): Kind | null {
    const k = this.query.get("k");
    return (KINDS as readonly string[]).includes(k ?? "") ? (k as Kind) : null;
  }

  override render() {
    const kind = this.kind;
    const valid = kind && this.query.get("u") && this.query.get("t");
    return html`
      <section class="card" aria-labelledby="unsub-title">
        <h1 id="unsub-title" tabindex="-1">${t("unsubscribe.title")}</h1>
        ${!valid ? html`<p class="alert alert-error" role="alert">${t("unsubscribe.invalid")}</p>` : nothing}
        ${valid && this.done ? html`<p class="alert alert-success" role="status">${t("unsubscribe.done")}</p>` : nothing}
        ${
          valid && !this.done
            ? html`<p class="intro">${t(`unsubscribe.${kind}`)}</p>
              <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
              <button class="btn btn-primary btn-block" type="button" aria-disabled=${String(this.busy)} @click=${this.confirm}>${t("unsubscribe.confirm")}</button>`
            : nothing
        }
        <a class="back" href=${paths.home}>${t("notFound.home")}</a>
      </section>
    `;
  }

  private async confirm(): Promise<void> {
    const kind = this.kind;
    if (this.busy || !kind) return; // the button shows with a known kind only
    this.busy = true;
    this.error = null;
    try {
      await unsubscribe({ u: this.query.get("u") ?? "", k: kind, t: this.query.get("t") ?? "" });
      this.done = true;
    } catch (error) {
      this.error = () => errorMessage(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-unsubscribe": KoUnsubscribe;
  }
}

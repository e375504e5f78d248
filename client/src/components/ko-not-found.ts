import { LitElement, html } from "lit";
import { customElement } from "lit/decorators.js";
import { LocaleController, t } from "../i18n/i18n.ts";
import { paths } from "../router.ts";
import { base, cards, page } from "../styles/shared.ts";

@customElement("ko-not-found")
export class KoNotFound extends LitElement {
  static override styles = [base, page, cards];

  private readonly locale = new LocaleController(this);

  override render() {
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("notFound.title")}</h1>
          <p>${t("notFound.body")}</p>
        </div>
      </div>
      <a href=${paths.home}>${t("notFound.home")}</a>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-not-found": KoNotFound;
  }
}

import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { regradeSettings, saveRegradeSettings, type RegradeSettings } from "../../api/regrade.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, forms } from "../../styles/shared.ts";

/** Supervisors and the office: whether students may ask for a review, for how many days after release, and how many requests each. */
@customElement("ko-regrade-settings")
export class KoRegradeSettings extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    alerts,
    css`
      :host {
        display: block;
        margin-bottom: var(--ko-space-4);
      }
      form {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-4);
        align-items: flex-end;
      }
      .field + .field {
        margin-top: 0;
      }
      input[type='number'] {
        width: 8rem;
      }
      .alert {
        margin-top: var(--ko-space-2);
      }
    `,
  ];

  @property() examId = "";
  @state() private settings: RegradeSettings | null = null;
  @state() private enabled = false;
  @state() private days = 7;
  @state() private max = 3;
  @state() private status: (() => string) | null = null;
  @state() private error: (() => string) | null = null;
  private readonly locale = new LocaleController(this);
  private loadedFor: string | null = null;

  override willUpdate(): void {
    if (!this.examId || this.examId === this.loadedFor) return;
    this.loadedFor = this.examId;
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const s = await regradeSettings(this.examId);
      this.settings = s;
      this.enabled = s.windowDays !== null;
      this.days = s.windowDays ?? 7;
      this.max = s.maxPerStudent;
    } catch (e) {
      this.error = () => errorMessage(e);
    }
  }

  override render() {
    if (!this.settings) return this.error ? html`<div class="alert alert-error" role="alert">${this.error()}</div>` : nothing;
    return html`<form @submit=${this.save} aria-label=${t("regrade.settings.title")}>
        <label class="checkbox"><input type="checkbox" name="enabled" .checked=${this.enabled} @change=${(e: Event) => (this.enabled = (e.target as HTMLInputElement).checked)} />${t("regrade.settings.enabled")}</label>
        <div class="field">
          <label for="regrade-days">${t("regrade.settings.window")}</label>
          <input id="regrade-days" type="number" min="1" max="365" step="1" required ?disabled=${!this.enabled} .value=${String(this.days)} @input=${(e: Event) => (this.days = Number((e.target as HTMLInputElement).value))} />
        </div>
        <div class="field">
          <label for="regrade-max">${t("regrade.settings.max")}</label>
          <input id="regrade-max" type="number" min="1" max="50" step="1" required .value=${String(this.max)} @input=${(e: Event) => (this.max = Number((e.target as HTMLInputElement).value))} />
        </div>
        <button type="submit" class="btn">${t("regrade.settings.save")}</button>
      </form>
      <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
      <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>`;
  }

  private save = async (e: Event): Promise<void> => {
    e.preventDefault();
    this.status = null;
    this.error = null;
    try {
      this.settings = await saveRegradeSettings(this.examId, { windowDays: this.enabled ? this.days : null, maxPerStudent: this.max });
      this.status = () => t("regrade.settings.saved");
    } catch (err) {
      this.error = () => errorMessage(err);
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-regrade-settings": KoRegradeSettings;
  }
}

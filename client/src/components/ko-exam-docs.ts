import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { listDocuments, type ExamDocument } from "../api/intake.ts";
import { LocaleController, t } from "../i18n/i18n.ts";

/** Subject first, then the answer key, then the rest. */
const ORDER: Record<ExamDocument["kind"], number> = { SUBJECT: 0, ANSWER_KEY: 1, OTHER: 2 };

/**
 * The exam's documents (subject, answer key…) as links that open the PDF in a new tab, for the
 * graders on their home and at the desk. Shows nothing when the exam has none, or when they cannot
 * be listed: it is a help, never an error on the page.
 */
@customElement("ko-exam-docs")
export class KoExamDocs extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ul {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: var(--ko-space-1) var(--ko-space-3);
      margin: 0;
      padding: 0;
      list-style: none;
      font-size: var(--ko-text-sm);
    }
    .label {
      color: var(--ko-color-text-muted);
    }
    a {
      color: var(--ko-color-primary);
      font-weight: 600;
    }
    a:focus-visible {
      outline: 3px solid var(--ko-color-focus);
      outline-offset: 2px;
    }
    @media (pointer: coarse) {
      a {
        display: inline-flex;
        align-items: center;
        min-height: 2.75rem;
        min-width: 2.75rem;
      }
    }
  `;

  @property() examId = "";
  /** hide the "Exam documents" label (where the context says it) */
  @property({ type: Boolean }) compact = false;
  @state() private docs: ExamDocument[] = [];

  private readonly locale = new LocaleController(this);
  private loaded = "";

  override updated(changed: Map<string, unknown>): void {
    if (changed.has("examId") && this.examId && this.examId !== this.loaded) void this.load(this.examId);
  }

  override render() {
    if (this.docs.length === 0) return nothing;
    return html`<ul aria-label=${t("grader.docs")}>
      ${this.compact ? nothing : html`<li class="label" aria-hidden="true">${t("grader.docs")} :</li>`}
      ${this.docs.map((d) => {
        const name = d.kind === "OTHER" ? d.originalName.replace(/\.pdf$/i, "") : t(`intake.docKind.${d.kind}`);
        return html`<li>
          <a href=${d.url} target="_blank" rel="noopener" title=${d.originalName} aria-label=${t("grader.docs.open", { kind: name })}>${name}</a>
        </li>`;
      })}
    </ul>`;
  }

  private async load(examId: string): Promise<void> {
    this.loaded = examId;
    try {
      const docs = await listDocuments(examId);
      if (this.loaded === examId) this.docs = [...docs].sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.createdAt.localeCompare(b.createdAt));
    } catch {
      if (this.loaded === examId) this.docs = [];
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-exam-docs": KoExamDocs;
  }
}

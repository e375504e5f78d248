import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { graderCopies, graderExams, nextCopyToGrade, type GraderCopy, type GraderExam } from '../api/grading.ts';
import { errorMessage, getLocale, LocaleController, t, tCount } from '../i18n/i18n.ts';
import { deskPath } from '../router.ts';
import { alerts, base, buttons, cards } from '../styles/shared.ts';
import { graderHomeStyles } from './grader-home-styles.ts';

const REFRESH_MS = 5000;

interface ExamBlock {
  exam: GraderExam;
  copies: GraderCopy[] | null;
}

/** A grader's home: each exam dispatched to them, its progress, and the copies with who holds them, live. */
@customElement('ko-grader-home')
export class KoGraderHome extends LitElement {
  static override styles = [base, buttons, cards, alerts, graderHomeStyles];

  @state() private blocks: ExamBlock[] | null = null;
  @state() private error: (() => string) | null = null;

  private readonly locale = new LocaleController(this);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') void this.load();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.onVisible);
    void this.load();
  }

  override disconnectedCallback(): void {
    document.removeEventListener('visibilitychange', this.onVisible);
    if (this.timer) clearTimeout(this.timer);
    super.disconnectedCallback();
  }

  override render() {
    const done = new URLSearchParams(location.search).get('done');
    return html`
      ${done ? html`<div class="alert alert-success" role="status">${t('grader.allDone')}</div>` : nothing}
      <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      ${this.blocks === null
        ? html`<p class="muted" role="status">${t('app.loading')}</p>`
        : this.blocks.length === 0
          ? html`<div class="empty"><p>${t('home.grader.empty')}</p></div>`
          : this.blocks.map((b) => this.renderExam(b))}
    `;
  }

  private renderExam({ exam, copies }: ExamBlock) {
    const { done, total } = exam.progress;
    const next = copies ? nextCopyToGrade(copies, null) : null;
    const id = `exam-${exam.exam.id}`;
    return html`<section class="card exam" aria-labelledby=${id}>
      <div class="exam-head">
        <div>
          <h2 id=${id}>${exam.exam.title}</h2>
          <p class="muted">${[exam.exam.subject, formatDate(exam.exam.examDate)].filter(Boolean).join(' · ')}</p>
        </div>
        ${next
          ? html`<a class="btn btn-primary" href=${deskPath(next.id)}>${t('grader.openNext', { code: next.anonymousCode })}</a>`
          : nothing}
      </div>
      <div class="progress">
        <progress max=${total} .value=${done} aria-labelledby="${id}-progress"></progress>
        <span id="${id}-progress">${tCount('grader.progress.one', total, { done })}</span>
      </div>
      ${copies === null ? html`<p class="muted">${t('app.loading')}</p>` : this.renderCopies(exam, copies)}
    </section>`;
  }

  private renderCopies(exam: GraderExam, copies: GraderCopy[]) {
    return html`<div class="table-wrap" role="region" tabindex="0" aria-label=${t('grader.copiesOf', { title: exam.exam.title })}>
      <table>
        <thead>
          <tr>
            <th scope="col">${t('grader.col.code')}</th>
            <th scope="col">${t('grader.col.state')}</th>
            <th scope="col">${t('grader.col.lock')}</th>
            <th scope="col"><span class="visually-hidden">${t('grader.col.open')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${copies.map(
            (c) => html`<tr>
              <th scope="row" class="code">${c.anonymousCode}</th>
              <td><span class="state state-${c.state}">${t(`grader.state.${c.state}`)}</span>
                ${c.scope === 'questions' ? html`<span class="scope">${t('grader.scopeQuestions')}</span>` : nothing}</td>
              <td>${c.lock ? (c.lock.mine ? t('grader.lock.mine') : t('grader.lock.other', { name: c.lock.holderName })) : '—'}</td>
              <td class="open"><a href=${deskPath(c.id)}>${t('grader.open')}<span class="visually-hidden"> ${c.anonymousCode}</span></a></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private async load(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    try {
      const exams = await graderExams();
      const copies = await Promise.all(exams.map((e) => graderCopies(e.exam.id)));
      this.blocks = exams.map((exam, i) => ({ exam, copies: copies[i] ?? null }));
      this.error = null;
    } catch (err) {
      this.error = () => errorMessage(err);
    }
    // Live enough for a list: locks and states change at the pace of grading.
    if (this.isConnected && document.visibilityState === 'visible') this.timer = setTimeout(() => void this.load(), REFRESH_MS);
  }
}

/** "2026-11-18" → "18/11/2026" (fr) or "11/18/2026" (en); the date has no time zone. */
function formatDate(iso: string | null): string | null {
  if (!iso) return null;
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

declare global {
  interface HTMLElementTagNameMap {
    'ko-grader-home': KoGraderHome;
  }
}

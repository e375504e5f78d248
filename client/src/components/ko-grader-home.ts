import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { ServerPayload } from "../../../collab/contract/socket/index.ts";
import { graderCopies, graderExams, nextCopyToGrade, type GraderCopy, type GraderExam } from "../api/grading.ts";
import { formatScore } from "../desk/score-format.ts";
import { errorMessage, getLocale, LocaleController, t, tCount } from "../i18n/i18n.ts";
import { LiveRoom } from "../realtime/live-room.ts";
import { gradingSocket } from "../realtime/socket.ts";
import "./ko-exam-docs.ts";
import "./regrade/ko-regrade-queue.ts";
import "./moderation/ko-second-marking-queue.ts";
import { byQuestionPaths, deskPath } from "../router.ts";
import { session } from "../session.ts";
import { alerts, base, buttons, cards } from "../styles/shared.ts";
import { graderHomeStyles } from "./grader-home-styles.ts";
import { fmtDate } from "./results-format.ts";

/** Only while the socket is down: then the list is polled. */
const FALLBACK_POLL_MS = 5000;
/** Events arriving together (a copy finalized, then rendered) make one reload. */
const RELOAD_DEBOUNCE_MS = 150;

/** `copy:lock` and `copy:state` as the server sends them to `exam:follow` (docs/protocol.md). */
type LockMessage = ServerPayload<"copy:lock">;
type StateMessage = ServerPayload<"copy:state">;

interface ExamBlock {
  exam: GraderExam;
  copies: GraderCopy[] | null;
}

/**
 * A grader's home: each exam dispatched to them, its progress, and the copies with who holds them,
 * live: `exam:follow` per exam on the shared socket pushes lock and state changes of the exam's
 * copies; the row changes at once and the exam reloads (its progress); `grader:assignments` (a
 * dispatch gave or took back copies of mine) reloads the list. No polling while connected.
 */
@customElement("ko-grader-home")
export class KoGraderHome extends LitElement {
  static override styles = [base, buttons, cards, alerts, graderHomeStyles];

  @state() private blocks: ExamBlock[] | null = null;
  @state() private error: (() => string) | null = null;

  private readonly locale = new LocaleController(this);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly onVisible = () => {
    if (document.visibilityState === "visible") void this.load();
  };
  /** copies were given to me or taken back (dispatch): the list of exams itself changed */
  private readonly onAssignments = () => this.reloadSoon();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("visibilitychange", this.onVisible);
    gradingSocket().on("grader:assignments", this.onAssignments);
    void this.load();
  }

  override disconnectedCallback(): void {
    document.removeEventListener("visibilitychange", this.onVisible);
    gradingSocket().off("grader:assignments", this.onAssignments);
    if (this.timer) clearTimeout(this.timer);
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.timer = this.reloadTimer = null;
    for (const room of this.rooms.values()) room.close();
    this.rooms.clear();
    super.disconnectedCallback();
  }

  override render() {
    const done = new URLSearchParams(location.search).get("done");
    return html`
      ${done ? html`<div class="alert alert-success" role="status">${t("grader.allDone")}</div>` : nothing}
      <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      <ko-regrade-queue titled></ko-regrade-queue>
      <ko-second-marking-queue></ko-second-marking-queue>
      ${
        this.blocks === null
          ? html`<p class="muted" role="status">${t("app.loading")}</p>`
          : this.blocks.length === 0
            ? html`<div class="empty"><p>${t("home.grader.empty")}</p></div>`
            : this.blocks.map((b) => this.renderExam(b))
      }
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
          <p class="muted">${[exam.exam.subject, exam.exam.examDate && fmtDate(exam.exam.examDate)].filter(Boolean).join(" · ")}</p>
          <ko-exam-docs .examId=${exam.exam.id}></ko-exam-docs>
          <a href=${byQuestionPaths.byQuestion(exam.exam.id)} data-by-question>${t("byq.link")}</a>
        </div>
        ${next ? html`<a class="btn btn-primary" href=${deskPath(next.id)}>${t("grader.openNext", { code: next.anonymousCode })}</a>` : nothing}
      </div>
      <div class="progress">
        <progress max=${total} .value=${done} aria-labelledby="${id}-progress"></progress>
        <span id="${id}-progress">${tCount(copies?.some((c) => c.scope === "questions") ? "grader.progressDone.one" : "grader.progress.one", total, { done })}</span>
      </div>
      ${copies === null ? html`<p class="muted">${t("app.loading")}</p>` : this.renderCopies(exam, copies)}
    </section>`;
  }

  private renderCopies(exam: GraderExam, copies: GraderCopy[]) {
    return html`<div class="table-wrap" role="region" tabindex="0" aria-label=${t("grader.copiesOf", { title: exam.exam.title })}>
      <table>
        <thead>
          <tr>
            <th scope="col">${t("grader.col.code")}</th>
            <th scope="col">${t("grader.col.state")}</th>
            <th scope="col">${t("grader.col.mark")}</th>
            <th scope="col">${t("grader.col.lock")}</th>
            <th scope="col"><span class="visually-hidden">${t("grader.col.open")}</span></th>
          </tr>
        </thead>
        <tbody>
          ${copies.map(
            (c) => html`<tr>
              <th scope="row" class="code">${c.anonymousCode}</th>
              <td>${
                c.myPartDone && c.state === "READY"
                  ? html`<span class="state state-partDone">${t("grader.myPartDone")}</span>`
                  : html`<span class="state state-${c.state}">${t(`grader.state.${c.state}`)}</span>`
              }
                ${c.scope === "questions" ? html`<span class="scope">${t("grader.scopeQuestions")}</span>` : nothing}</td>
              <td class="mark" data-mark>${markCell(c)}</td>
              <td>${c.lock ? (c.lock.mine ? t("grader.lock.mine") : t("grader.lock.other", { name: c.lock.holderName })) : "—"}</td>
              <td class="open"><a href=${deskPath(c.id)}>${t("grader.open")}<span class="visually-hidden"> ${c.anonymousCode}</span></a></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private async load(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      const exams = await graderExams();
      const copies = await Promise.all(exams.map((e) => graderCopies(e.exam.id)));
      this.blocks = exams.map((exam, i) => ({ exam, copies: copies[i] ?? null }));
      this.error = null;
    } catch (err) {
      this.error = () => errorMessage(err);
    }
    if (this.isConnected) this.follow((this.blocks ?? []).map((b) => b.exam.exam.id));
    this.pollIfDown();
  }

  /** One `exam:follow` per exam on the page; rooms of exams no longer listed are left. */
  private follow(examIds: string[]): void {
    for (const [id, room] of this.rooms) {
      if (!examIds.includes(id)) {
        room.close();
        this.rooms.delete(id);
      }
    }
    for (const examId of examIds) {
      if (this.rooms.has(examId)) continue;
      this.rooms.set(
        examId,
        new LiveRoom({
          join: ["exam:follow", { examId }],
          leave: ["exam:unfollow", { examId }],
          events: {
            "copy:lock": (m: LockMessage) => this.onLock(m),
            "copy:state": (m: StateMessage) => this.onState(m),
          },
          connection: () => this.pollIfDown(),
          resync: () => this.reloadSoon(),
        }),
      );
    }
  }

  /** Polls only while some exam is not followed live (socket down or refused). */
  private pollIfDown(): void {
    const live = [...this.rooms.values()].every((r) => r.live);
    if (live || !this.isConnected) {
      if (live && this.timer) clearTimeout(this.timer);
      if (live) this.timer = null;
      return;
    }
    if (!this.timer && document.visibilityState === "visible") this.timer = setTimeout(() => void this.load(), FALLBACK_POLL_MS);
  }

  private onLock(m: LockMessage): void {
    const me = session().user?.id;
    const lock = m.lock ? { holderName: m.lock.holder.displayName, mine: m.lock.holder.id === me, expiresAt: m.lock.expiresAt } : null;
    this.patch(m.examId, m.copyId, (c) => ({ ...c, lock }));
  }

  private onState(m: StateMessage): void {
    // exam:follow's carry the exam; the copy room's (a finalize over this socket) do not
    if (m.examId && !m.layer) this.patch(m.examId, m.copyId, (c) => ({ ...c, state: m.state }));
  }

  /** Shows the change at once on one of my copies, then reloads (progress counts, order). */
  private patch(examId: string, copyId: string, change: (c: GraderCopy) => GraderCopy): void {
    const blocks = this.blocks ?? [];
    const block = blocks.find((b) => b.exam.exam.id === examId);
    if (!block?.copies?.some((c) => c.id === copyId)) return; // another grader's copy of the exam
    this.blocks = blocks.map((b) => (b === block ? { ...b, copies: b.copies!.map((c) => (c.id === copyId ? change(c) : c)) } : b));
    this.reloadSoon();
  }

  private reloadSoon(): void {
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => ((this.reloadTimer = null), void this.load()), RELOAD_DEBOUNCE_MS);
  }
}

/** "14,5 / 20" (fr) or "14.5 / 20" (en); "3 / 20 (2 questions sur 6)" while part of it is scored; "—" before. */
function markCell(c: GraderCopy): string {
  const m = c.mark;
  if (!m) return "—";
  const locale = getLocale();
  const mark = `${formatScore(m.points, locale)} / ${formatScore(m.max, locale)}`;
  return m.scored < m.questions ? `${mark} ${t("grader.markPartial", { scored: m.scored, questions: m.questions })}` : mark;
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-grader-home": KoGraderHome;
  }
}

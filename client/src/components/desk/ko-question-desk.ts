import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { fingerDrawSaved } from "../../desk/touch-input.ts";
import * as Y from "yjs";
import { annotationsOf, decisionTypesOf, LOCAL_ORIGIN } from "../../../../collab/index.ts";
import type { DeskQuestion } from "../../api/grading.ts";
import { regionsOrWholePage, fetchRegions, type RegionPage, type RegionQuestion, type RegionsView } from "../../api/regions.ts";
import { fetchRubric, itemIndexOfKey, type RubricView } from "../../api/rubric.ts";
import type { User } from "../../api/types.ts";
import type { LayerContext } from "../../desk/annotation-layer.ts";
import { copyPdfUrl } from "../../desk/desk-prefetch.ts";
import { close as closeCrops, RegionPrefetch, type RegionSource } from "../../desk/region-prefetch.ts";
import type { PDFDocumentProxy } from "../../desk/pdf-document.ts";
import { saveStatus } from "../../desk/save-status.ts";
import { isTypingTarget, matchPlaceKey, matchShortcut } from "../../desk/shortcuts.ts";
import { frameOf } from "../../desk/geometry.ts";
import { placeForQuestion } from "../../desk/keyboard-place.ts";
import { placedBoxes, sizeOf, writePlaced } from "./keyboard-marks.ts";
import { DEFAULT_COLOR, type ActiveTool } from "../../desk/tools.ts";
import { errorMessage, getLocale, LocaleController, t, tCount } from "../../i18n/i18n.ts";
import { CopySession } from "../../realtime/copy-session.ts";
import { gradingSocket } from "../../realtime/socket.ts";
import type { ServerPayload } from "../../../../collab/contract/socket/index.ts";
import { request } from "../../realtime/grading-socket.ts";
import { byQuestionPaths, deskPath, paths } from "../../router.ts";
import { signedOut } from "../../session.ts";
import { alerts, base, buttons } from "../../styles/shared.ts";
import type { KoScorePanel } from "./ko-score-panel.ts";
import type { KoShortcutsHelp } from "./ko-shortcuts-help.ts";
import "./ko-region-view.ts";
import "./ko-save-status.ts";
import "./ko-score-panel.ts";
import "./ko-shortcuts-help.ts";

type Message = (() => string) | null;

interface Claimed {
  copyId: string;
  code: string;
}

/**
 * Grading by question: the grader picks a question, then moves through every copy's answer to it —
 * the question's region (zoomed) with its rubric beside it; N claims the next ungraded copy (the
 * server never gives one (copy, question) to two graders) while the one after is prefetched.
 */
@customElement("ko-question-desk")
export class KoQuestionDesk extends LitElement {
  static override styles = [
    base,
    buttons,
    alerts,
    css`
      :host { display: block; padding: var(--ko-space-3); }
      .head { display: flex; flex-wrap: wrap; gap: var(--ko-space-3); align-items: baseline; justify-content: space-between; margin-bottom: var(--ko-space-3); }
      h1 { font-size: var(--ko-text-xl); margin: 0; }
      .tools { display: flex; gap: var(--ko-space-2); align-items: center; flex-wrap: wrap; }
      .work { display: grid; grid-template-columns: minmax(0, 1fr) minmax(18rem, 26rem); gap: var(--ko-space-4); align-items: start; }
      @media (max-width: 900px) { .work { grid-template-columns: 1fr; } }
      ul.questions { list-style: none; padding: 0; display: grid; gap: var(--ko-space-2); max-width: 40rem; }
      ul.questions a { display: flex; justify-content: space-between; gap: var(--ko-space-3); padding: var(--ko-space-2) var(--ko-space-3); border: 1px solid var(--ko-color-border); border-radius: 6px; text-decoration: none; color: inherit; }
      ul.questions a:focus-visible, ul.questions a:hover { border-color: var(--ko-color-focus); outline: 2px solid var(--ko-color-focus); }
      .muted { color: var(--ko-color-text-muted); font-size: var(--ko-text-sm); }
      .status { margin: 0; }
    `,
  ];

  @property() examId = "";
  @property() questionId: string | null = null;
  @property({ attribute: false }) user!: User;
  @state() private regions: RegionsView | null = null;
  @state() private rubric: RubricView | null = null;
  @state() private current: Claimed | null = null;
  @state() private remaining: number | null = null;
  /** copies of the question given to me, graded or not */
  @state() private total: number | null = null;
  @state() private done = false;
  @state() private source: RegionSource | null = null;
  /** only when a region's page has no image: pdf.js draws it */
  @state() private pdf: PDFDocumentProxy | null = null;
  @state() private doc: Y.Doc | null = null;
  @state() private notice: Message = null;
  @state() private info: Message = null;
  @state() private tool: ActiveTool = "select";
  @query("ko-score-panel") private scorePanel!: KoScorePanel;
  @query("ko-shortcuts-help") private help!: KoShortcutsHelp;

  private readonly locale = new LocaleController(this);
  private readonly prefetch = new RegionPrefetch();
  private session: CopySession | null = null;
  /** the copy claimed ahead, joined quietly (its document synced, nobody sees us there): N shows it at once */
  private ahead: CopySession | null = null;
  private aheadClaim: Claimed | null = null;
  /** N pressed while the previous move was still talking to the server */
  private queued = false;
  private pdfTask: { destroy(): Promise<void> } | null = null;
  private undo: Y.UndoManager | null = null;
  private loadedExam = "";
  private startedFor: string | null = null;
  private moving = false;
  private context: LayerContext | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("keydown", this.onKey);
    gradingSocket().on("rubric:changed", this.onRubricChanged);
    gradingSocket().on("connect", this.onReconnect);
  }

  override disconnectedCallback(): void {
    window.removeEventListener("keydown", this.onKey);
    gradingSocket().off("rubric:changed", this.onRubricChanged);
    gradingSocket().off("connect", this.onReconnect);
    this.closeCopy();
    this.dropAhead();
    this.prefetch.clear();
    super.disconnectedCallback();
  }

  focusInitial(): void {
    this.renderRoot.querySelector<HTMLElement>("h1")?.focus();
  }

  override willUpdate(): void {
    if (this.examId && this.examId !== this.loadedExam) void this.load(this.examId);
    const q = this.question;
    if (this.regions && q && this.startedFor !== q.id) {
      this.startedFor = q.id;
      void this.next(null);
    }
    if (!this.questionId && this.startedFor !== null) {
      this.startedFor = null;
      this.closeCopy();
      this.dropAhead();
      this.aheadClaim = null;
      this.current = null;
      this.done = false;
    }
  }

  private get question(): RegionQuestion | null {
    return this.regions?.questions.find((q) => q.id === this.questionId) ?? null;
  }

  private async load(examId: string): Promise<void> {
    this.loadedExam = examId;
    try {
      const [regions, rubric] = await Promise.all([fetchRegions(examId), fetchRubric(examId)]);
      if (this.loadedExam !== examId) return;
      this.regions = regions;
      this.rubric = rubric;
    } catch (err) {
      this.notice = () => errorMessage(err);
    }
  }

  override render() {
    const v = this.regions;
    if (!v) return html`${this.renderNotices()}<p role="status">${t("app.loading")}</p>`;
    const q = this.question;
    return q ? this.renderGrading(q) : this.renderPicker(v);
  }

  private renderNotices() {
    return html`${this.notice ? html`<div class="alert alert-error" role="alert">${this.notice()}</div>` : nothing}
      ${this.info ? html`<div class="alert alert-info" role="status" data-rubric-info>${this.info()}</div>` : nothing}`;
  }

  private renderPicker(v: RegionsView) {
    const locale = getLocale();
    return html`<div class="head"><h1 tabindex="-1">${t("byq.title")}</h1><a href=${paths.home}>← ${t("desk.back")}</a></div>
      ${this.renderNotices()}
      <h2>${t("byq.pick")}</h2>
      <p class="muted">${t("byq.pickHint")}</p>
      <ul class="questions">
        ${v.questions.map(
          (q) => html`<li><a href=${byQuestionPaths.byQuestion(v.examId, q.id)} data-question=${q.id}>
            <span><strong>${q.path}</strong></span>
            <span class="muted">${new Intl.NumberFormat(locale).format(q.maxPoints)} pts · ${q.regions.length ? tCount("byq.regions.one", q.regions.length) : t("byq.noRegion")}</span>
          </a></li>`,
        )}
      </ul>`;
  }

  private renderGrading(q: RegionQuestion) {
    const s = this.session?.state;
    const cur = this.current;
    const editable = !!this.session?.canEdit;
    const deskQ: DeskQuestion = { id: q.id, label: q.label, path: q.path, maxPoints: q.maxPoints };
    return html`<div class="head">
        <h1 tabindex="-1">${cur ? t("byq.copy", { code: cur.code, label: q.path }) : t("byq.title")}</h1>
        <div class="tools">
          ${this.total !== null && this.remaining !== null ? html`<p class="status progress" data-progress>${t("byq.progress", { done: this.total - this.remaining, total: this.total })}</p>` : nothing}
          ${this.remaining !== null ? html`<p class="status muted" role="status" data-remaining=${this.remaining}>${tCount("byq.remaining.one", this.remaining)}</p>` : nothing}
          ${this.done ? nothing : html`<ko-save-status .status=${s ? saveStatus(s) : { kind: "connecting" }}></ko-save-status>`}
          <button class="btn btn-small" type="button" @click=${() => this.help.show()} aria-keyshortcuts="?">${t("desk.shortcuts")}</button>
          ${cur ? html`<a class="btn btn-small" href=${deskPath(cur.copyId)}>${t("byq.openCopy")}</a>` : nothing}
          <button class="btn btn-primary btn-small" type="button" data-next @click=${() => void this.next(this.current?.copyId ?? null)} aria-keyshortcuts="N">${t("byq.next")} (N)</button>
          <a class="btn btn-small" href=${byQuestionPaths.byQuestion(this.examId)}>${t("byq.back")}</a>
        </div>
      </div>
      ${this.renderNotices()}
      ${this.done ? html`<div class="alert alert-info" role="status" data-done>${t("byq.done")}</div>` : nothing}
      ${cur && s?.joined && !editable ? html`<div class="alert alert-error" role="status">${t("byq.readOnly")}</div>` : nothing}
      ${
        cur
          ? html`<div class="work">
            <div role="region" aria-label=${t("desk.pages")}>
              <ko-region-view .copyId=${cur.copyId} .source=${this.source} .pdf=${this.pdf} .regions=${this.regionsOf(q)} .doc=${this.doc} .context=${this.layerContext(q, editable)}
                @ko-region-drawn=${this.onRegionDrawn}></ko-region-view>
            </div>
            <aside aria-label=${t("desk.side")}>
              <ko-score-panel .questions=${[deskQ]} .rubric=${this.rubric} .scope=${[q.id]} .doc=${this.doc} .max=${q.maxPoints} ?editable=${editable}
                .selected=${q.id}></ko-score-panel>
            </aside>
          </div>`
          : nothing
      }
      <ko-shortcuts-help></ko-shortcuts-help>`;
  }

  /** The same array while the question is the same (the region view redraws when it changes). */
  private regionsOf(q: RegionQuestion) {
    if (this.regionsFor?.q !== q) this.regionsFor = { q, regions: regionsOrWholePage(q) };
    return this.regionsFor.regions;
  }

  private regionsFor: { q: RegionQuestion; regions: ReturnType<typeof regionsOrWholePage> } | null = null;

  private layerContext(q: RegionQuestion, editable: boolean): LayerContext {
    const tool = editable ? this.tool : "select";
    const next: LayerContext = {
      tool,
      color: DEFAULT_COLOR,
      bankText: null,
      editable,
      author: this.user.id,
      textLabel: t("desk.textNote"),
      questions: this.regions?.questions ?? [],
      scope: [q.id],
      locale: getLocale(),
      markQuestion: q.id,
      fingerDraw: fingerDrawSaved(),
    };
    const c = this.context;
    if (
      c &&
      c.tool === next.tool &&
      c.editable === next.editable &&
      c.locale === next.locale &&
      c.questions === next.questions &&
      c.markQuestion === next.markQuestion &&
      c.textLabel === next.textLabel
    )
      return c;
    this.context = next;
    return next;
  }

  /**
   * Shows the next ungraded copy of the question (after `after` in copy order). The copy claimed
   * ahead is shown at once — its crops cut, its document synced — and the server is told after
   * (question:next: the claim moves on, the copy after is claimed ahead); without one (the first
   * copy, or the ahead claim was lost) the desk waits for the server's answer.
   */
  private async next(after: string | null): Promise<void> {
    const q = this.question;
    if (!q) return;
    if (this.moving) {
      this.queued = after !== null;
      return;
    }
    this.moving = true;
    try {
      const leaving = this.session;
      const shown = after !== null && after === this.current?.copyId ? this.aheadClaim : null;
      if (shown) {
        this.aheadClaim = null;
        this.open(shown, q, [], { keepSession: true });
      }
      // the edits of the copy left go under its claim: saved before the claim moves on
      await leaving?.whenSaved().catch(() => {});
      if (shown && leaving) leaving.close();
      const ack = await request(gradingSocket(), "question:next", { examId: this.examId, questionId: q.id, afterCopyId: after, ahead: true }, 20_000);
      if (!ack.ok) {
        this.notice = () => ack.message || ack.code;
        return;
      }
      this.notice = null;
      this.remaining = ack.remaining;
      this.total = ack.total;
      if (!ack.claim) {
        this.dropAhead();
        this.closeCopy();
        this.current = null;
        this.done = true;
        return;
      }
      this.done = false;
      const pages = ack.pages;
      if (ack.claim.copyId !== this.current?.copyId) this.open({ copyId: ack.claim.copyId, code: ack.anonymousCode ?? "" }, q, pages[ack.claim.copyId] ?? []);
      else if (ack.anonymousCode && this.current.code !== ack.anonymousCode) this.current = { ...this.current, code: ack.anonymousCode };
      this.session?.reveal();
      // the next two copies: the one claimed ahead (joined quietly) and the one after, cut ahead
      if (ack.ahead) {
        this.aheadClaim = { copyId: ack.ahead.copyId, code: ack.aheadCode ?? "" };
        this.prefetch.prefetch(ack.ahead.copyId, pages[ack.ahead.copyId] ?? [], this.regionsOf(q));
        this.joinAhead(ack.ahead.copyId);
      } else {
        this.aheadClaim = null;
        this.dropAhead();
      }
      if (ack.peek) this.prefetch.prefetch(ack.peek, pages[ack.peek] ?? [], this.regionsOf(q));
    } catch (err) {
      this.notice = () => errorMessage(err);
    } finally {
      this.moving = false;
      if (this.queued) {
        this.queued = false;
        void this.next(this.current?.copyId ?? null);
      }
    }
  }

  /** `keepSession`: the copy left is closed by the caller once its edits are saved. */
  private open(c: Claimed, q: RegionQuestion, pages: RegionPage[], opts: { keepSession?: boolean } = {}): void {
    performance.mark(`korrigo:region-open:${c.copyId}`);
    if (opts.keepSession) this.session = null;
    this.closeCopy();
    this.current = c;
    const source = this.prefetch.take(c.copyId, pages, this.regionsOf(q));
    this.source = source;
    void source.crops.then((crops) => {
      if (this.source === source && crops.some((x) => x === null)) void this.loadPdf(source);
    });
    const session = this.ahead?.copyId === c.copyId ? this.ahead : this.newSession(c.copyId);
    if (this.ahead === session) this.ahead = null;
    else this.dropAhead();
    this.session = session;
    session.addEventListener("change", () => {
      if (this.session !== session) return;
      this.signalReady();
      const r = session.state.refusal;
      if (r && (r.code === "RUBRIC_STALE" || r.code === "UNKNOWN_ITEM") && r !== this.lastRefusal) {
        this.lastRefusal = r;
        this.info = () => t("desk.rubric.stale");
        void this.reloadRubric();
      }
      this.requestUpdate();
    });
    session.addEventListener("reset", () => this.session === session && this.bindDoc(session.doc));
    session.addEventListener("expired", () => signedOut("expired"));
    this.bindDoc(session.doc);
    this.signalReady();
  }

  /** A copy session (started: it joins at once) writing under a question claim, not the copy's lock. */
  private newSession(copyId: string, quiet = false): CopySession {
    const session = new CopySession(copyId, { id: this.user.id, displayName: this.user.displayName, role: this.user.role }, gradingSocket(), {
      claim: true,
      quiet,
    });
    session.start();
    return session;
  }

  /** Joins the copy claimed ahead, quietly: nobody sees this grader there before N shows it. */
  private joinAhead(copyId: string): void {
    if (this.ahead?.copyId === copyId || this.session?.copyId === copyId) return;
    this.dropAhead();
    this.ahead = this.newSession(copyId, true);
  }

  private dropAhead(): void {
    this.ahead?.close();
    this.ahead = null;
  }

  private lastRefusal: unknown = null;

  /** A region's page has no image: the copy's PDF, for pdf.js to draw that region. */
  private async loadPdf(source: RegionSource): Promise<void> {
    try {
      const { loadPdf } = await import("../../desk/pdf-document.ts");
      if (this.source !== source) return;
      const task = loadPdf(copyPdfUrl(source.copyId));
      this.pdfTask = task;
      const pdf = await task.promise;
      if (this.source === source) this.pdf = pdf;
    } catch (err) {
      if (this.source === source) this.notice = () => t("desk.pdfError", { error: String((err as Error).message ?? err) });
    }
  }

  private drawnCopy: string | null = null;

  private onRegionDrawn = (e: CustomEvent<{ copyId: string }>): void => {
    this.drawnCopy = e.detail.copyId;
    this.signalReady();
  };

  /** The region painted and the copy joined (its rubric keys apply): says so once per copy shown. */
  private signalReady(): void {
    const id = this.current?.copyId;
    if (!id || this.drawnCopy !== id || !this.session?.state.joined || this.dataset.ready === id) return;
    performance.mark(`korrigo:region-ready:${id}`);
    this.dataset.ready = id;
    this.dispatchEvent(new CustomEvent("ko-region-ready", { detail: { copyId: id }, bubbles: true, composed: true }));
  }

  private bindDoc(doc: Y.Doc): void {
    this.undo?.destroy();
    this.doc = doc;
    this.undo = new Y.UndoManager([annotationsOf(doc), ...decisionTypesOf(doc)], { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 });
  }

  private closeCopy(): void {
    this.session?.close();
    this.session = null;
    this.undo?.destroy();
    this.undo = null;
    void this.pdfTask?.destroy();
    this.pdfTask = null;
    void this.source?.crops.then(closeCrops);
    this.source = null;
    this.drawnCopy = null;
    delete this.dataset.ready;
    this.doc = null;
    this.pdf = null;
  }

  private async reloadRubric(): Promise<void> {
    try {
      this.rubric = await fetchRubric(this.examId);
    } catch (err) {
      this.notice = () => errorMessage(err);
    }
  }

  private onRubricChanged = (msg: ServerPayload<"rubric:changed">): void => {
    if (msg.examId !== this.examId || msg.version === this.rubric?.version) return;
    const version = msg.version;
    this.info = () => t("desk.rubric.reloaded", { version });
    void this.reloadRubric();
  };

  /** After a reconnection the claim may have lapsed: claim the current copy again (same holder wins). */
  private onReconnect = (): void => {
    if (this.current && this.question && !this.moving) void this.reclaim(this.current.copyId);
  };

  private async reclaim(copyId: string): Promise<void> {
    const q = this.question;
    if (!q) return;
    const ack = await request(
      gradingSocket(),
      "question:next",
      { examId: this.examId, questionId: q.id, afterCopyId: null, skip: [], ahead: true },
      20_000,
    ).catch(() => null);
    if (!ack?.ok || !ack.claim) return;
    if (ack.claim.copyId !== copyId) this.open({ copyId: ack.claim.copyId, code: ack.anonymousCode ?? "" }, q, ack.pages[ack.claim.copyId] ?? []);
    this.session?.reveal();
    // the claim ahead was let go and taken again (maybe another copy)
    this.aheadClaim = ack.ahead ? { copyId: ack.ahead.copyId, code: ack.aheadCode ?? "" } : null;
    if (ack.ahead) {
      this.prefetch.prefetch(ack.ahead.copyId, ack.pages?.[ack.ahead.copyId] ?? [], this.regionsOf(q));
      this.joinAhead(ack.ahead.copyId);
    } else this.dropAhead();
  }

  /** Shift+V/X/M: a tick, a cross or the mark down the right edge of the question's region, as on the whole-copy desk. */
  private placeInRegion(kind: "tick" | "cross" | "mark"): void {
    const q = this.question;
    const doc = this.doc;
    if (!q || !doc || !this.session?.canEdit) return;
    const regions = this.regionsOf(q);
    const size = sizeOf(kind, frameOf(595, 842)); // the page's own size is not known here: A4, as scans are
    const at = placeForQuestion({ rank: 0, count: 1, regions, mark: null, pageInView: (regions[0]?.page ?? 1) - 1, existing: placedBoxes(doc), size });
    writePlaced(doc, kind, { ...at, ...size }, { questionId: q.id, color: DEFAULT_COLOR, author: this.user.id });
  }

  private onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || isTypingTarget(e.composedPath())) return;
    if (e.composedPath().some((el) => el instanceof HTMLDialogElement && el.open)) return;
    if (!this.question) return;
    const placed = matchPlaceKey(e, false);
    if (placed?.type === "place" && placed.kind !== "text") {
      e.preventDefault();
      return this.placeInRegion(placed.kind);
    }
    const item = itemIndexOfKey(e);
    if (item !== null) {
      if (this.session?.canEdit && this.scorePanel?.toggleItem(item)) e.preventDefault();
      return;
    }
    const action = matchShortcut(e);
    if (!action) return;
    switch (action.type) {
      case "nextCopy":
        e.preventDefault();
        return void this.next(this.current?.copyId ?? null);
      case "adjust":
        e.preventDefault();
        return this.scorePanel?.focusAdjustment();
      case "score":
        e.preventDefault();
        return this.scorePanel?.focusScoreEntry();
      case "help":
        e.preventDefault();
        return this.help.show();
      case "undo":
        e.preventDefault();
        if (this.session?.canEdit) this.undo?.undo();
        return;
      case "redo":
        e.preventDefault();
        if (this.session?.canEdit) this.undo?.redo();
        return;
      case "tool":
        e.preventDefault();
        this.tool = action.tool;
        return;
      case "escape":
        this.tool = "select";
        return;
      default:
        return;
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-question-desk": KoQuestionDesk;
  }
}

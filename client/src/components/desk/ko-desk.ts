import type { ServerPayload } from "../../../../collab/contract/socket/index.ts";
import { LitElement, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import * as Y from "yjs";
import { annotationsOf, commentsOf, decisionTypesOf, LOCAL_ORIGIN } from "../../../../collab/index.ts";
import { deskView, graderCopies, layerDeskView, nextCopyToGrade, type DeskView, type GraderCopy } from "../../api/grading.ts";
import { fetchRubric, itemIndexOfKey, type RubricView } from "../../api/rubric.ts";
import type { User } from "../../api/types.ts";
import type { LayerContext } from "../../desk/annotation-layer.ts";
import { copyPdfUrl, prefetchDesk, takePrefetch } from "../../desk/desk-prefetch.ts";
import { takeEarlyPen, type EarlyPen } from "../../desk/early-pen.ts";
import { commitEarlyStrokes, earlyStrokesWaiting } from "../../desk/early-pen-handover.ts";
import { takeEarlySession } from "../../desk/early-session.ts";
import { dropNextSession, joinNextAhead, takeNextSession } from "../../desk/next-session.ts";
import { frameOf, type PageFrame } from "../../desk/geometry.ts";
import { ICONS } from "../../desk/icons.ts";
import type { PDFDocumentProxy } from "../../desk/pdf-document.ts";
import { saveStatus } from "../../desk/save-status.ts";
import { isTypingTarget, matchFieldShortcut, matchPlaceKey, matchShortcut, type DeskAction } from "../../desk/shortcuts.ts";
import { DEFAULT_COLOR, HIGHLIGHT_COLOR, type ActiveTool } from "../../desk/tools.ts";
import { fingerDrawSaved, saveFingerDraw } from "../../desk/touch-input.ts";
import { saveViewMode, viewModeSaved } from "../../desk/view-mode.ts";
import { errorMessage, getLocale, LocaleController, t, tCount } from "../../i18n/i18n.ts";
import { CopySession } from "../../realtime/copy-session.ts";
import { gradingSocket } from "../../realtime/socket.ts";
import { deskPath, navigate, paths } from "../../router.ts";
import { signedOut } from "../../session.ts";
import { alerts, base, buttons } from "../../styles/shared.ts";
import type { KoConfirmDialog } from "../ko-confirm-dialog.ts";
import { DeskPinch } from "./desk-pinch.ts";
import { DeskViewport } from "./desk-viewport.ts";
import { deskStyles } from "./desk-styles.ts";
import { FinalizeFlow } from "./finalize-flow.ts";
import { KeyboardMarks } from "./keyboard-marks.ts";
import type { KoFinalizeDialog } from "./ko-finalize-dialog.ts";
import type { KoPageView } from "./ko-page-view.ts";
import type { KoScorePanel } from "./ko-score-panel.ts";
import type { KoShortcutsHelp } from "./ko-shortcuts-help.ts";
import "../ko-confirm-dialog.ts";
import "../ko-exam-docs.ts";
import "./ko-bank.ts";
import "./ko-finalize-dialog.ts";
import "./ko-history-bar.ts";
import type { HistoryMoment } from "./ko-history-bar.ts";
import "./ko-lock-banner.ts";
import "./ko-page-view.ts";
import "./ko-presence.ts";
import "./ko-save-status.ts";
import "./ko-score-panel.ts";
import "./ko-shortcuts-help.ts";
import "./ko-toolbar.ts";

type Message = (() => string) | null;

/** "Finalize and next copy" asked for the next desk to open on its first score (keyboard grading). */
let scoreOnOpen = false;
/** Where the previous copy's view stood: the next copy opens on the same region. */
let carriedPosition: { top: number; left: number } | null = null;
/** How long the next copy found while the grader works stays the one "next copy" opens without asking again. */
const NEXT_FRESH_MS = 60_000;

/** How long the early pages (early-pen.ts) stay over a desk whose first page is drawn but that is not interactive yet. */
const EARLY_PAGES_GRACE_MS = 3000;

/** The grader desk: one copy, its pages and annotations, the scale, live with everyone on it. */
@customElement("ko-desk")
export class KoDesk extends LitElement {
  static override styles = [base, buttons, alerts, deskStyles];

  @property() copyId = "";
  /** 'second': the blind second marking's layer of the copy (moderation), not the copy's own document */
  @property() layer: "second" | null = null;
  @property({ attribute: false }) user!: User;
  @state() private view: DeskView | null = null;
  @state() private loadError: Message = null;
  @state() private notice: Message = null;
  @state() private pdf: PDFDocumentProxy | null = null;
  @state() private frames: PageFrame[] = [];
  @state() private doc: Y.Doc | null = null;
  @state() private tool: ActiveTool = "pen";
  @state() private color: string = DEFAULT_COLOR;
  @state() private bank: { id: string; text: string } | null = null;
  /** the question last picked in the scoring panel: the mark tool places its mark */
  @state() private selectedQuestion: string | null = null;
  @state() private undoState = { canUndo: false, canRedo: false };
  /** the exam's current rubric (reloaded when it changes: rubric:changed, or a RUBRIC_STALE refusal) */
  @state() private rubric: RubricView | null = null;
  /** a short information (rubric reloaded), shown until the next one */
  @state() private info: Message = null;
  /** live: how many copies each item is applied on (rubric:usage) */
  @state() private usage: Record<string, Record<string, number>> | null = null;
  /** a finger writes on the page (tablets without a pen); otherwise it scrolls and pinch-zooms */
  @state() private fingerDraw = fingerDrawSaved();
  /** the scale's drawer, open (portrait tablets: the side panel slides over the page) */
  @state() private drawerOpen = false;
  /** the timeline is open: the pages and scores show `moment` (read-only) instead of the live document */
  @state() private historyOpen = false;
  @state() private moment: HistoryMoment | null = null;
  private historyStart: number | null = null;
  /** a grader's copies of the exam: how many are done for them (finalized, or their part scored) */
  /** what a keyboard placement did, for screen readers */
  @state() private placedNote = "";
  @state() private copyProgress: { done: number; total: number } | null = null;
  @query("ko-score-panel") private scorePanel!: KoScorePanel;
  @query("ko-shortcuts-help") private help!: KoShortcutsHelp;
  @query("ko-finalize-dialog") private finalizeDialog!: KoFinalizeDialog;
  @query("ko-confirm-dialog") private confirmDialog!: KoConfirmDialog;

  session: CopySession | null = null;
  private readonly locale = new LocaleController(this);
  private readonly viewport = new DeskViewport(
    this,
    () => this.frames,
    (page) => this.session?.setPage(page),
  );
  private readonly finalizing = new FinalizeFlow(this);
  private readonly pinch = new DeskPinch(
    this,
    () => this.viewport.zoom,
    (zoom, at) => this.viewport.setZoom(zoom, at),
  );
  private readonly keyMarks = keyboardMarksOf(this);
  private undo: Y.UndoManager | null = null;
  private pdfTask: { destroy(): Promise<void> } | null = null;
  private loadedId = "";
  private progress = { drawn: false, layer: false, marked: false };
  /** the copy "next copy" leads to from `from`, found (and prefetched) while the grader works */
  private nextUp: { from: string; id: string; at: number } | null = null;
  private context: LayerContext | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("keydown", this.onKey);
    // the desk's pinch zooms the page, never the interface around it
    document.documentElement.style.touchAction = "pan-x pan-y";
    window.addEventListener("beforeunload", this.onBeforeUnload);
    window.addEventListener("pagehide", this.onPageHide);
    gradingSocket().on("copy:state", this.onCopyState);
    gradingSocket().on("rubric:changed", this.onRubricChanged);
    gradingSocket().on("rubric:usage", this.onUsage);
  }

  override disconnectedCallback(): void {
    window.removeEventListener("keydown", this.onKey);
    document.documentElement.style.touchAction = "";
    window.removeEventListener("beforeunload", this.onBeforeUnload);
    window.removeEventListener("pagehide", this.onPageHide);
    gradingSocket().off("copy:state", this.onCopyState);
    gradingSocket().off("rubric:changed", this.onRubricChanged);
    gradingSocket().off("rubric:usage", this.onUsage);
    if (this.view) carriedPosition = this.viewport.position; // a new desk may open the next copy
    this.teardown();
    dropNextSession();
    super.disconnectedCallback();
  }

  /** the layer the loaded document is (a supervisor may go from a copy to its second layer) */
  private loadedLayer: "second" | null = null;

  override willUpdate(): void {
    if (this.copyId && (this.copyId !== this.loadedId || this.layer !== this.loadedLayer)) {
      this.loadedLayer = this.layer;
      this.open(this.copyId);
    }
  }

  focusInitial(): void {
    if (scoreOnOpen) return; // the copy's first score gets focus once it is loaded
    this.renderRoot.querySelector<HTMLElement>("h1")?.focus({ preventScroll: true }); // at the top already: no scroll, so no layout forced while the desk is being built
  }

  /** Un-acked edits would be lost with the tab: let the browser ask. */
  get hasUnsavedChanges(): boolean {
    return (this.session?.state.pending ?? 0) > 0;
  }

  private get editable(): boolean {
    return this.finalizing.state === "READY" && !!this.session?.canEdit && !this.historyOpen;
  }

  /** What the pages and the score panel show: the live document, or the moment of the timeline. */
  private get shownDoc(): Y.Doc | null {
    return this.historyOpen ? (this.moment?.doc ?? null) : this.doc;
  }

  private openHistory(seq: number | null): void {
    this.historyStart = seq;
    if (this.historyOpen) this.closeHistory(); // reopened at another moment: a fresh timeline
    this.historyOpen = true;
  }

  private closeHistory(): void {
    this.moment?.doc.destroy();
    this.moment = null;
    this.historyOpen = false;
  }

  private onMoment = (e: CustomEvent<HistoryMoment>): void => {
    this.moment?.doc.destroy();
    this.moment = e.detail;
  };

  override render() {
    if (this.loadError) return html`<div class="alert alert-error notice" role="alert">${this.loadError()}</div>`;
    const v = this.view;
    const s = this.session?.state;
    const vp = this.viewport;
    return html`
      <div class="head">
        <a class="back" href=${paths.home}>← ${t("desk.back")}</a>
        <div class="title">
          <h1 tabindex="-1">${v ? t("desk.copyTitle", { code: v.copy.anonymousCode }) : t("app.loading")}</h1>
          <span class="exam">${v?.exam.title ?? ""}</span>
          ${v ? html`<ko-exam-docs compact .examId=${v.exam.id}></ko-exam-docs>` : nothing}
        </div>
        <div class="head-tools">
          <ko-presence .peers=${s?.peers ?? []} ?elsewhere=${s?.elsewhere ?? false}></ko-presence>
          ${this.copyProgress ? html`<span class="copy-progress" data-copy-progress title=${t("desk.progressHint")}>${t("desk.progress", this.copyProgress)}</span>` : nothing}
          <ko-save-status .status=${s ? saveStatus(s) : { kind: "connecting" }}></ko-save-status>
          <button class="btn btn-small icon-btn" type="button" title=${t("desk.shortcuts")} @click=${() => this.help.show()} aria-keyshortcuts="?">
            ${ICONS.help}<span class="visually-hidden">${t("desk.shortcuts")}</span>
          </button>
          ${
            this.user.role === "GRADER" && !this.layer
              ? html`<button class="btn btn-small" type="button" @click=${this.goNextCopy} aria-keyshortcuts="N">${t("desk.nextCopy")}</button>`
              : nothing
          }
          ${
            this.layer
              ? nothing
              : html`<button class="btn btn-small" type="button" aria-pressed=${String(this.historyOpen)} data-timeline-open
                @click=${() => (this.historyOpen ? this.closeHistory() : this.openHistory(null))}>${t("timeline.open")}</button>`
          }
          <button class="btn btn-primary btn-small" type="button" ?disabled=${!this.editable} @click=${() => this.finalize()} aria-keyshortcuts="Control+Enter" data-finalize>${t("desk.finalize")}</button>
          <button class="btn btn-small icon-btn drawer-toggle" type="button" aria-controls="side" aria-expanded=${String(this.drawerOpen)}
            title=${t("desk.side")} @click=${() => (this.drawerOpen = !this.drawerOpen)}>${ICONS.panel}<span class="visually-hidden">${t("desk.side")}</span></button>
        </div>
      </div>
      ${this.layer ? html`<div class="alert alert-info notice" role="note" data-blind-banner><strong>${t("moderation.blindBanner")}</strong> ${t("moderation.blindBannerHint")}</div>` : nothing}
      <ko-lock-banner .info=${this.bannerInfo()} @ko-takeover=${this.takeOver} @ko-reopen=${this.reopen}
        @ko-retry-render=${() => void this.finalizing.retry((m) => (this.notice = m))}></ko-lock-banner>
      ${
        this.historyOpen && v
          ? html`<ko-history-bar .copyId=${v.copy.id} .questions=${v.scale.questions} .startSeq=${this.historyStart}
            @ko-history-moment=${this.onMoment} @ko-history-close=${() => this.closeHistory()}></ko-history-bar>`
          : nothing
      }
      ${this.notice ? html`<div class="alert alert-error notice" role="alert">${this.notice()}</div>` : nothing}
      ${this.info ? html`<div class="alert alert-info notice" role="status" data-rubric-info>${this.info()}</div>` : nothing}
      ${s?.unsent ? html`<div class="alert alert-error notice" role="status" data-unsent>${tCount("desk.unsent.one", s.unsent)}</div>` : nothing}
      <ko-toolbar .tool=${this.editable ? this.tool : "select"} .color=${this.color} ?editable=${this.editable} ?canUndo=${this.undoState.canUndo}
        ?canRedo=${this.undoState.canRedo} .page=${vp.page} .pageCount=${this.frames.length} .zoom=${vp.zoom} .view=${vp.mode} ?fingerDraw=${this.fingerDraw}
        @ko-desk-action=${(e: CustomEvent<DeskAction>) => this.act(e.detail)} @ko-finger-draw=${(e: CustomEvent<boolean>) => this.setFingerDraw(e.detail)} @ko-color=${(e: CustomEvent<string>) => (this.color = e.detail)}></ko-toolbar>
      <div class="work" @ko-finalize-offer=${this.offerFinalize}>
        <div class="pages ${vp.mode === "two" ? "two" : ""}" data-view=${vp.mode} tabindex="0" role="region" aria-label=${t("desk.pages")} @scroll=${vp.onScroll}
          @ko-page-drawn=${() => this.progressed("drawn")} @ko-layer-ready=${() => this.progressed("layer")}
          @ko-image-failed=${() => this.startPdf(this.loadedId)}>
          ${v ? this.renderPages() : html`<p class="loading" role="status">${t("app.loading")}</p>`}
        </div>
        <aside id="side" class=${this.drawerOpen ? "open" : ""} aria-label=${t("desk.side")}>
          ${
            v
              ? html`<ko-score-panel ?noHistory=${!!v.layer} .copyId=${v.copy.id} .questions=${v.scale.questions} .rubric=${this.rubric} .usage=${this.usage} .scope=${v.scope} .doc=${this.shownDoc} .max=${v.scale.max} ?editable=${this.editable}
                  @ko-who-show=${(e: CustomEvent<number>) => this.openHistory(e.detail)}
                  .selected=${this.selectedQuestion} ?marking=${this.editable && this.tool === "mark"}
                  @ko-question-select=${(e: CustomEvent<string>) => (this.selectedQuestion = e.detail)}></ko-score-panel>
                <ko-bank .examId=${v.exam.id} ?editable=${this.editable} .armed=${this.bank?.id ?? null}
                  @ko-bank-arm=${(e: CustomEvent<{ id: string; text: string } | null>) => this.armBank(e.detail)}></ko-bank>`
              : nothing
          }
        </aside>
      </div>
      <span class="visually-hidden" role="status" data-placed>${this.placedNote}</span>
      <ko-shortcuts-help></ko-shortcuts-help>
      <ko-finalize-dialog></ko-finalize-dialog>
      <ko-confirm-dialog></ko-confirm-dialog>
    `;
  }

  private renderPages() {
    const ctx = this.layerContext();
    const vp = this.viewport;
    return this.frames.map(
      (
        frame,
        i,
      ) => html`<ko-page-view data-index=${i} .index=${i} .pdf=${this.pdf} .image=${this.view?.copy.pages[i]?.images ?? null} .frame=${frame} .pxPerUnit=${vp.pxPerUnit}
        .rotation=${vp.rotation} ?active=${vp.active.has(i)} .nearbyLayers=${this.progress.marked} .doc=${this.shownDoc} .context=${ctx}></ko-page-view>`,
    );
  }

  override updated(): void {
    this.markReady();
  }

  /** One object per distinct context, so page views re-apply it only when it changed. */
  private layerContext(): LayerContext {
    const tool = this.editable ? this.tool : "select";
    const color = tool === "highlight" && this.color === DEFAULT_COLOR ? HIGHLIGHT_COLOR : this.color;
    const next: LayerContext = {
      tool,
      color,
      bankText: this.bank?.text ?? null,
      editable: this.editable,
      author: this.user.id,
      textLabel: t("desk.textNote"),
      questions: this.view?.scale.questions ?? [],
      scope: this.view?.scope ?? null,
      locale: getLocale(),
      markQuestion: this.selectedQuestion,
      fingerDraw: this.fingerDraw,
    };
    const c = this.context;
    const same = (k: keyof LayerContext) => c?.[k] === next[k];
    if (c && (["tool", "color", "bankText", "editable", "textLabel", "questions", "scope", "locale", "markQuestion", "fingerDraw"] as const).every(same))
      return c;
    this.context = next;
    return next;
  }

  /** The desk's data (with its page images) and the live document load at once (prefetched while the app booted). */
  private open(copyId: string): void {
    performance.mark("korrigo:desk-open");
    if (this.view) carriedPosition = this.viewport.position;
    if (!this.loadedId) this.viewport.mode = viewModeSaved(this.user.id);
    this.teardown();
    this.loadedId = copyId;
    delete this.dataset.ready;
    this.closeHistory();
    Object.assign(this, {
      view: null,
      copyProgress: null,
      loadError: null,
      notice: null,
      info: null,
      rubric: null,
      usage: null,
      pdf: null,
      frames: [],
      selectedQuestion: null,
      progress: { drawn: false, layer: false, marked: false },
      afterReady: null,
    });
    this.startSession(copyId);
    const prefetched = this.layer ? null : takePrefetch(copyId); // the prefetch is of the copy's own desk
    void this.loadView(copyId, prefetched?.view ?? null);
  }

  /** pdf.js, only for pages that have no image (a page whose rasterization failed). */
  private startPdf(copyId: string): void {
    if (this.pdfTask || !copyId || this.loadedId !== copyId) return;
    let destroyed = false;
    let inner: { destroy(): Promise<void> } | null = null;
    this.pdfTask = { destroy: async () => ((destroyed = true), await inner?.destroy()) };
    void import("../../desk/pdf-document.ts")
      .then(({ loadPdf }) => {
        if (destroyed) return;
        const task = loadPdf(copyPdfUrl(copyId));
        inner = task;
        return task.promise.then((pdf) => this.onPdf(copyId, pdf));
      })
      .catch((err) => {
        if (this.loadedId === copyId) this.notice = () => t("desk.pdfError", { error: String((err as Error).message ?? err) });
      });
  }

  /** strokes written on this copy's early pages wait on this device until the desk holds the copy */
  private earlyWaiting = false;

  /** what waits for this copy's desk to be interactive (the next copy's prefetch) */
  private afterReady: (() => void) | null = null;

  /**
   * While the grader works: where they stand in the exam ("12 / 40 copies"), and the next copy's
   * data and first page images, so "next copy" is instant. Once this desk is interactive (at the
   * latest 3 s from now): until then its own join, images and layer have the server and the main
   * thread to themselves.
   */
  private prefetchNext(copyId: string, examId: string): void {
    if (this.user.role !== "GRADER") return;
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      clearTimeout(latest);
      if (this.loadedId !== copyId) return;
      void graderCopies(examId)
        .then((list) => {
          if (this.loadedId !== copyId) return;
          this.countCopies(list);
          const next = nextCopyToGrade(list, copyId);
          this.nextUp = next ? { from: copyId, id: next.id, at: Date.now() } : null;
          if (!next) return;
          prefetchDesk(next.id);
          // its live session too, joined quietly: "next copy" then only takes the lock
          joinNextAhead(next.id, { id: this.user.id, displayName: this.user.displayName, role: this.user.role });
        })
        .catch(() => {});
    };
    const latest = setTimeout(start, 3000);
    if (this.progress.marked) setTimeout(start, 0);
    else this.afterReady = start;
  }

  private countCopies(list: GraderCopy[]): void {
    this.copyProgress = { done: list.filter((c) => (c.myStatus ?? (c.state === "READY" ? "todo" : "done")) !== "todo").length, total: list.length };
  }

  /** The open copy was finalized (here or in another tab): count it at once. */
  private recount(): void {
    const { view, loadedId } = this;
    if (!view || this.user.role !== "GRADER") return;
    void graderCopies(view.exam.id)
      .then((list) => {
        if (this.loadedId !== loadedId) return;
        this.countCopies(list);
        const next = nextCopyToGrade(list, loadedId);
        this.nextUp = next ? { from: loadedId, id: next.id, at: Date.now() } : null;
      })
      .catch(() => {});
  }

  private startSession(copyId: string): void {
    // the page was opened on this copy: its session started with the page (joined, maybe locked already);
    // or "next copy": joined ahead, quietly, while the grader worked on the previous one
    const early = this.layer ? null : takeEarlySession(copyId, this.user.id);
    const ahead = takeNextSession(copyId, this.user.id);
    const started = early ?? (this.layer ? null : ahead);
    if (ahead && ahead !== started) ahead.close();
    const session =
      started ??
      new CopySession(
        copyId,
        { id: this.user.id, displayName: this.user.displayName, role: this.user.role },
        undefined,
        this.layer ? { layer: this.layer } : {},
      );
    this.session = session;
    session.addEventListener("change", () => {
      this.onRefusal(session.state.refusal);
      if (this.earlyWaiting && this.session === session && this.editable) this.sendEarlyStrokes(); // the copy is ours now
      this.requestUpdate();
    });
    session.addEventListener("reset", () => this.bindDoc(session.doc));
    session.addEventListener("expired", () => signedOut("expired"));
    this.bindDoc(session.doc);
    if (started) {
      session.reveal(); // shown now: in presence, and its lock taken (a session joined ahead)
      this.onRefusal(session.state.refusal);
      this.requestUpdate();
    } else session.start();
  }

  /**
   * The copy went back to READY (reopened, here or by a supervisor elsewhere): join it again, so the
   * server says afresh who may write it and a dispatched grader takes its lock — no reload.
   */
  private rejoin(): void {
    if (!this.copyId || this.loadedId !== this.copyId) return;
    this.session?.close();
    this.finalizing.reset(this.copyId, "READY");
    this.startSession(this.copyId);
  }

  /** `copy:state` for the open copy (finalized, rendered, failed, reopened — by anyone). */
  private onCopyState = (msg: ServerPayload<"copy:state">): void => {
    if (msg.copyId !== this.loadedId || !this.view) return;
    const state = msg.state;
    if (state === this.finalizing.state) return;
    if (state === "READY") this.rejoin();
    else this.finalizing.reset(this.loadedId, state);
    this.recount();
  };

  private reopen = async (): Promise<void> => {
    const code = this.view?.copy.anonymousCode ?? "";
    const ok = await this.confirmDialog.ask({
      title: () => t("desk.reopen.title", { code }),
      body: () => t("desk.reopen.body"),
      confirmLabel: () => t("desk.reopen"),
    });
    // the copy:state READY event may have come first and rejoined already
    if (ok && (await this.finalizing.reopen((m) => (this.notice = m))) && this.finalizing.state !== "READY") this.rejoin();
  };

  private async loadView(copyId: string, prefetched: Promise<DeskView | null> | null): Promise<void> {
    try {
      const view = (await prefetched) ?? (this.layer ? await layerDeskView(copyId) : await deskView(copyId));
      if (this.loadedId !== copyId) return;
      this.view = view;
      void this.loadRubric(copyId, view.exam.id);
      this.finalizing.reset(copyId, view.copy.state, !!view.layer);
      if (view.copy.pages.some((p) => !p.images || p.images.failed)) this.startPdf(copyId);
      if (!view.layer) this.prefetchNext(copyId, view.exam.id);
      if (this.frames.length === 0) {
        // fitted before the pages exist: they are rendered and laid out once, at their size
        const frames = view.copy.pages.map((p) => frameOf(p.widthPt, p.heightPt));
        await this.updateComplete;
        if (this.loadedId !== copyId) return;
        this.viewport.fit(frames[0]);
        if (this.frames.length === 0) this.frames = frames; // pdf.js may have set them meanwhile
      }
      await this.updateComplete;
      this.viewport.fit();
      void this.carryPosition(copyId);
      void this.showAskedQuestion(view.scale.questions);
      if (scoreOnOpen) {
        scoreOnOpen = false;
        await this.scorePanel?.updateComplete;
        this.scorePanel?.focusScoreEntry();
      }
    } catch (err) {
      takeEarlyPen(copyId)?.dismiss(); // the desk says what went wrong; strokes written meanwhile stay stored
      if (this.loadedId === copyId) this.loadError = () => errorMessage(err);
    }
  }

  /** The next copy opens on the region the previous one showed (same zoom, same place on the page). */
  /** `?question=` (a regrade request opens the desk at its question): that question is picked, shown and focused. */
  private async showAskedQuestion(questions: readonly { id: string }[]): Promise<void> {
    const asked = new URLSearchParams(location.search).get("question");
    if (!asked || !questions.some((q) => q.id === asked)) return;
    this.selectedQuestion = asked;
    await this.scorePanel?.updateComplete;
    const target = this.scorePanel?.renderRoot.querySelector<HTMLElement>(`#q-${CSS.escape(asked)}`);
    target?.scrollIntoView({ block: "center" });
    target?.focus({ preventScroll: true }); // its mark, or its rubric items, at hand
  }

  private async carryPosition(copyId: string): Promise<void> {
    const p = carriedPosition;
    if (!p || (p.top === 0 && p.left === 0)) return;
    await this.updateComplete;
    await new Promise((r) => requestAnimationFrame(r));
    if (this.loadedId === copyId) this.viewport.restorePosition(p);
  }

  private async loadRubric(copyId: string, examId: string): Promise<void> {
    try {
      const rubric = await fetchRubric(examId);
      if (this.loadedId === copyId && (this.rubric === null || rubric.version >= this.rubric.version)) this.rubric = rubric;
      if (this.loadedId === copyId && this.usage === null && rubric.version > 0 && !this.layer) {
        // blind: no counts fed by the first markings
        gradingSocket().emit("rubric:usage", { examId }, (ack) => {
          if (ack.ok) this.onUsage(ack);
        });
      }
    } catch (err) {
      if (this.loadedId === copyId) this.notice = () => errorMessage(err);
    }
  }

  /** Another desk or the rubric editor made a new version current: reload it at once. */
  private onRubricChanged = (msg: ServerPayload<"rubric:changed">): void => {
    const v = this.view;
    if (!v || msg.examId !== v.exam.id) return;
    if (this.rubric && msg.version === this.rubric.version) return;
    const version = msg.version;
    this.info = () => t("desk.rubric.reloaded", { version });
    void this.loadRubric(this.loadedId, v.exam.id);
  };

  private onUsage = (msg: ServerPayload<"rubric:usage">): void => {
    if (this.view && msg.examId === this.view.exam.id) this.usage = msg.usage;
  };

  private lastRefusal: unknown = null;

  /** The server refused an item applied at an old revision: the rubric changed under us. */
  private onRefusal(refusal: { code: string } | null): void {
    if (!refusal || refusal === this.lastRefusal) return;
    this.lastRefusal = refusal;
    if (refusal.code !== "RUBRIC_STALE" && refusal.code !== "UNKNOWN_ITEM") return;
    this.info = () => t("desk.rubric.stale");
    if (this.view) void this.loadRubric(this.loadedId, this.view.exam.id);
  }

  private async onPdf(copyId: string, pdf: PDFDocumentProxy): Promise<void> {
    if (this.loadedId !== copyId) return;
    const first = (await pdf.getPage(1)).getViewport({ scale: 1 });
    const size = { widthPt: first.width, heightPt: first.height };
    // The PDF itself is the truth about page sizes.
    if (this.frames.length !== pdf.numPages) this.frames = Array.from({ length: pdf.numPages }, () => frameOf(size.widthPt, size.heightPt));
    this.pdf = pdf;
    this.viewport.fit();
  }

  private bindDoc(doc: Y.Doc): void {
    this.undo?.destroy();
    this.doc = doc;
    // Only what this user did here (LOCAL_ORIGIN): a colleague's or another tab's edits are never undone.
    const undo = new Y.UndoManager([annotationsOf(doc), commentsOf(doc), ...decisionTypesOf(doc)], {
      trackedOrigins: new Set([LOCAL_ORIGIN]),
      captureTimeout: 0,
    });
    const sync = () => (this.undoState = { canUndo: undo.canUndo(), canRedo: undo.canRedo() });
    undo.on("stack-item-added", sync);
    undo.on("stack-item-popped", sync);
    undo.on("stack-cleared", sync);
    this.undo = undo;
    sync();
  }

  private teardown(): void {
    this.session?.close();
    this.session = null;
    this.undo?.destroy();
    this.undo = null;
    void this.pdfTask?.destroy();
    this.pdfTask = null;
    this.viewport.reset();
  }

  private progressed(step: "drawn" | "layer"): void {
    if (step === "drawn" && !this.progress.drawn) {
      performance.mark("korrigo:first-page-drawn");
      // a desk that cannot become interactive (no connection to join the copy) shows its own pages,
      // and why, soon: the early ones step aside (their strokes stay stored until the desk may send them)
      const id = this.loadedId;
      setTimeout(() => !this.progress.marked && this.loadedId === id && takeEarlyPen(id)?.dismiss(), EARLY_PAGES_GRACE_MS);
    }
    if (step === "layer" && !this.progress.layer) performance.mark("korrigo:layer-ready");
    this.progress[step] = true;
    this.markReady();
  }

  /** Measured by the benchmark: navigation → first page drawn with its layer, doc joined, lock settled. */
  private markReady(): void {
    const s = this.session?.state;
    const p = this.progress;
    if (p.marked || !p.drawn || !p.layer || !s?.joined) return;
    if (!(this.session!.canEdit || !s.mayWrite || s.lockedBy !== null || this.finalizing.state !== "READY")) return;
    p.marked = true;
    // the pages shown before the app booted step aside (at the pen's lift when it is writing)
    const early = takeEarlyPen(this.loadedId);
    if (early) early.whenIdle(() => this.takeOverEarlyPages(early));
    else this.becameReady();
  }

  /** The early pages' place in the copy is the desk's now, their strokes are the grader's edits (early-pen.ts). */
  private takeOverEarlyPages(early: EarlyPen): void {
    if (this.loadedId === early.copyId) {
      const at = early.scroll();
      if (at.page > 0 || at.fraction > 0) this.viewport.showPageAt(at.page, at.fraction);
    }
    early.dismiss();
    this.becameReady();
  }

  /** Strokes written on the early pages (kept on this device) go as soon as the desk may write the copy. */
  private sendEarlyStrokes(): void {
    if (this.layer || !this.doc || !this.loadedId) return;
    if (this.editable) {
      commitEarlyStrokes(this.doc, this.user.id, this.loadedId, this.frames);
      this.earlyWaiting = false;
      return;
    }
    const waiting = earlyStrokesWaiting(this.user.id, this.loadedId);
    this.earlyWaiting = waiting > 0;
    if (waiting > 0) this.info = () => tCount("desk.early.kept.one", waiting);
  }

  private becameReady(): void {
    this.sendEarlyStrokes(); // those of the early pages, or of an earlier page closed before it could send them
    performance.mark("korrigo:desk-ready");
    this.dataset.ready = "";
    this.requestUpdate(); // the pages near the view make their layers now
    const then = this.afterReady;
    this.afterReady = null;
    if (then) setTimeout(then, 0);
  }

  private onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented) return;
    if (isTypingTarget(e.composedPath())) return this.onFieldKey(e);
    // The desk's dialogs live in child components' shadow roots: a key pressed in one (Escape closing it) is the dialog's.
    if (e.composedPath().some((el) => el instanceof HTMLDialogElement && el.open)) return;
    if (this.renderRoot.querySelector("dialog[open]") || document.querySelector("dialog[open]")) return;
    const placed = matchPlaceKey(e, false);
    if (placed) {
      e.preventDefault();
      return this.act(placed);
    }
    const item = itemIndexOfKey(e);
    if (item !== null) {
      if (this.editable && this.scorePanel?.toggleItem(item)) e.preventDefault();
      return;
    }
    const action = matchShortcut(e);
    if (!action) return;
    e.preventDefault();
    this.act(action);
  };

  /** In a field, keys are text: shortcuts need Alt (or are Ctrl+Enter); Escape leaves the field for the pages. */
  private onFieldKey(e: KeyboardEvent): void {
    if (e.composedPath().some((el) => el instanceof HTMLDialogElement && el.open)) return;
    if (e.key === "Escape" && !e.ctrlKey && !e.altKey && !e.metaKey) {
      if (!e.composedPath().some((el) => el instanceof HTMLElement && el.classList.contains("pages")))
        this.renderRoot.querySelector<HTMLElement>(".pages")?.focus();
      return;
    }
    const action = matchPlaceKey(e, true) ?? matchFieldShortcut(e);
    if (!action) return;
    e.preventDefault();
    (e.composedPath()[0] as HTMLElement).dispatchEvent(new Event("change", { bubbles: true, composed: true })); // keep what was typed
    this.act(action);
  }

  private onBeforeUnload = (e: BeforeUnloadEvent): void => {
    if (!this.hasUnsavedChanges) return;
    e.preventDefault();
    e.returnValue = "";
  };

  private onPageHide = (): void => this.session?.sayGoodbye();

  private act(a: DeskAction): void {
    const vp = this.viewport;
    switch (a.type) {
      case "tool":
        if (!this.editable && a.tool !== "select") return;
        this.tool = a.tool;
        this.bank = null;
        return;
      case "undo":
        if (this.editable) this.undo?.undo();
        return;
      case "redo":
        if (this.editable) this.undo?.redo();
        return;
      case "delete":
        for (const el of this.renderRoot.querySelectorAll("ko-page-view")) el.layer?.deleteSelection();
        return;
      case "page":
        return vp.scrollToPage(vp.page + a.delta);
      case "zoom":
        return vp.zoomStep(a.step);
      case "fitWidth":
        saveViewMode(this.user.id, "width");
        return vp.fitWidth();
      case "view":
        saveViewMode(this.user.id, a.mode);
        return vp.setMode(a.mode);
      case "rotate":
        return vp.rotate();
      case "nextCopy":
        if (this.user.role === "GRADER") void this.goNextCopy();
        return;
      case "finalizeNext":
        if (this.editable) this.finalize();
        return;
      case "score":
        this.drawerOpen = true;
        return void this.updateComplete.then(() => this.scorePanel?.focusScoreEntry());
      case "help":
        return this.help.show();
      case "adjust":
        if (this.editable) this.scorePanel?.focusAdjustment();
        return;
      case "item":
        return;
      case "place":
        if (this.editable) void this.keyMarks.place(a.kind).then((ok) => ok && this.announcePlaced());
        return;
      case "comment": {
        const entry = this.renderRoot.querySelector("ko-bank")?.entryAt(a.index);
        if (this.editable && entry) void this.keyMarks.place("text", entry.text).then((ok) => ok && this.announcePlaced());
        return;
      }
      case "escape":
        this.drawerOpen = false;
        this.bank = null;
        if (this.tool === "bank") this.tool = "select";
        return;
    }
  }

  /** Said to a screen reader: where the mark went. */
  private announcePlaced(): void {
    const q = this.keyMarks.currentQuestion();
    const label = this.view?.scale.questions.find((x) => x.id === q?.id)?.label ?? "";
    this.placedNote = t("desk.placed", { label });
  }

  /** The text tool's note, opened in place on a page's layer (made once the page is near the view). */
  private async editTextAt(page: number, x: number, y: number): Promise<boolean> {
    for (let i = 0; i < 120; i++) {
      const layer = this.renderRoot.querySelector<KoPageView>(`ko-page-view[data-index="${page}"]`)?.layer;
      if (layer) {
        layer.editTextAt(x, y);
        return true;
      }
      await new Promise((r) => requestAnimationFrame(r));
    }
    return false;
  }

  private setFingerDraw(on: boolean): void {
    this.fingerDraw = on;
    saveFingerDraw(on);
  }

  private armBank(entry: { id: string; text: string } | null): void {
    this.bank = entry;
    this.tool = entry ? "bank" : "select";
  }

  private async takeOver(): Promise<void> {
    const ack = await this.session?.takeover();
    if (ack && !ack.ok) this.notice = () => t("desk.takeoverFailed", { error: ack.message });
  }

  private async goNextCopy(): Promise<void> {
    if (!this.view) return;
    try {
      // the next copy found a moment ago (its data and first images are prefetched): no list to ask for first
      const known = this.nextUp;
      const next =
        known && known.from === this.copyId && Date.now() - known.at < NEXT_FRESH_MS
          ? { id: known.id }
          : nextCopyToGrade(await graderCopies(this.view.exam.id), this.copyId);
      if (!next) scoreOnOpen = false;
      navigate(next ? deskPath(next.id) : `${paths.home}?done=${encodeURIComponent(this.view.exam.id)}`);
    } catch (err) {
      this.notice = () => errorMessage(err);
    }
  }

  /** Every question scored and Enter on the last one: "Finaliser" is next in line (Enter opens it). */
  private offerFinalize = (): void => {
    if (this.editable) this.renderRoot.querySelector<HTMLElement>("[data-finalize]")?.focus();
  };

  /** A grader is offered "finalize and open the next copy" (the dialog's default). */
  private finalize(): void {
    const { view, doc, session } = this;
    if (!view || !doc || !session) return;
    void this.finalizing
      .finalize(
        {
          view,
          doc,
          session,
          dialog: this.finalizeDialog,
          goScore: () => this.scorePanel.focusScoreEntry(),
          notice: (m) => (this.notice = m),
        },
        this.user.role === "GRADER",
      )
      .then((done) => {
        if (done !== "next" || this.loadedId !== view.copy.id) return;
        scoreOnOpen = true;
        return this.goNextCopy();
      });
  }

  private bannerInfo() {
    const s = this.session?.state;
    if (!s) return null;
    const r = this.finalizing.render;
    return {
      lockedBy: s.lockedBy,
      takenOverBy: s.takenOverBy,
      readOnly: !s.mayWrite && s.joined,
      canTakeOver: this.user.role === "SUPERVISOR" || this.user.role === "ADMIN",
      canReopen: this.user.role === "SUPERVISOR" || this.user.role === "ADMIN",
      copyState: this.finalizing.state,
      renderError: r?.renderError ?? null,
      downloadUrl: r?.artifact?.downloadUrl ?? null,
    };
  }
}

/** The desk as keyboard placement sees it (read at each key: the copy, page and colour of the moment). */
function keyboardMarksOf(desk: KoDesk): KeyboardMarks {
  const d = desk as unknown as {
    view: DeskView | null;
    doc: Y.Doc | null;
    frames: PageFrame[];
    selectedQuestion: string | null;
    viewport: DeskViewport;
    color: string;
    user: User;
    editTextAt(page: number, x: number, y: number): Promise<boolean>;
  };
  return new KeyboardMarks({
    get view() {
      return d.view;
    },
    get doc() {
      return d.doc;
    },
    get frames() {
      return d.frames;
    },
    get selectedQuestion() {
      return d.selectedQuestion;
    },
    get pageInView() {
      return d.viewport.page;
    },
    get color() {
      return d.color;
    },
    get author() {
      return d.user.id;
    },
    reveal: (page, ny) => d.viewport.reveal(page, ny),
    editTextAt: (page, x, y) => d.editTextAt(page, x, y),
  });
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-desk": KoDesk;
  }
}

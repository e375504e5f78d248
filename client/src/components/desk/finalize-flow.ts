import type { ReactiveController, ReactiveControllerHost } from "lit";
import type * as Y from "yjs";
import { scoresOf } from "../../../../collab/index.ts";
import { finalizeCopy, finalizeLayer, renderStatus, type CopyState, type DeskView, type RenderStatus } from "../../api/grading.ts";
import { ApiError } from "../../api/http.ts";
import { reopenCopy, retryRender } from "../../api/render-actions.ts";
import { sumScores } from "../../desk/score-format.ts";
import { errorMessage, t } from "../../i18n/i18n.ts";
import type { CopySession } from "../../realtime/copy-session.ts";
import type { KoFinalizeDialog } from "./ko-finalize-dialog.ts";

export interface FinalizeContext {
  view: DeskView;
  doc: Y.Doc;
  session: CopySession;
  dialog: KoFinalizeDialog;
  /** the user chose to score what is missing */
  goScore(): void;
  notice(message: (() => string) | null): void;
}

/**
 * Finalize: the unscored questions first (the server would refuse), then a confirmation, every edit
 * acknowledged before the server freezes the doc; after it, the copy's state until its PDF is ready.
 */
export class FinalizeFlow implements ReactiveController {
  state: CopyState = "READY";
  render: RenderStatus | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #copyId = "";

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#stop();
  }

  /** A copy was opened in this state; a frozen one shows its render state. */
  reset(copyId: string, state: CopyState, layer = false): void {
    this.#stop();
    this.#copyId = copyId;
    this.state = state;
    this.render = null;
    if (state !== "READY" && !layer) void this.#poll(); // a layer is not rendered
    this.host.requestUpdate();
  }

  /** 'next' or 'stay' once the server took the copy (FINALIZING or further), as the user chose; else null. */
  async finalize(c: FinalizeContext, offerNext = false): Promise<"next" | "stay" | null> {
    const scores = scoresOf(c.doc).toJSON() as Record<string, number | null>;
    const questions = c.view.scale.questions;
    const unscored = questions.filter((q) => typeof scores[q.id] !== "number");
    const total = sumScores(
      scores,
      questions.map((q) => q.id),
    );
    const answer = await c.dialog.ask({ unscored, total, max: c.view.scale.max, next: offerNext });
    if (answer === "score") return (c.goScore(), null);
    if (answer !== "finalize" && answer !== "finalizeNext") return null;
    if (!c.session.state.connected) return (c.notice(() => t("desk.finalizeOffline")), null);
    c.notice(null);
    await c.session.whenSaved(); // the server must hold every score before it freezes the doc
    try {
      if (c.view.layer) {
        await finalizeLayer(c.view.copy.id); // the second marking is DONE: its layer turns read-only, nothing to render
        this.state = "GRADED";
        this.host.requestUpdate();
        return "stay";
      }
      const r = await finalizeCopy(c.view.copy.id);
      this.state = r.state ?? "FINALIZING";
      this.host.requestUpdate();
      void this.#poll();
      return answer === "finalizeNext" ? "next" : "stay";
    } catch (err) {
      c.notice(() => (err instanceof ApiError && err.code === "UNSCORED_QUESTIONS" ? t("desk.finalizeUnscored") : errorMessage(err)));
      return null;
    }
  }

  /** Supervisor: back to grading. True when the copy is READY again (the desk then rejoins it). */
  async reopen(notice: (m: (() => string) | null) => void): Promise<boolean> {
    notice(null);
    try {
      await reopenCopy(this.#copyId);
      return true;
    } catch (err) {
      notice(() => errorMessage(err));
      return false;
    }
  }

  /** Supervisor: render a failed copy again; its state is followed until the PDF is ready. */
  async retry(notice: (m: (() => string) | null) => void): Promise<void> {
    notice(null);
    try {
      const r = await retryRender(this.#copyId);
      this.reset(this.#copyId, r.state);
    } catch (err) {
      notice(() => errorMessage(err));
    }
  }

  async #poll(attempt = 0): Promise<void> {
    this.#stop();
    const copyId = this.#copyId;
    try {
      const status = await renderStatus(copyId);
      if (copyId !== this.#copyId) return;
      this.render = status;
      this.state = status.state;
      this.host.requestUpdate();
    } catch {
      // The next attempt will tell.
    }
    if (this.state === "FINALIZING" && attempt < 120) this.#timer = setTimeout(() => void this.#poll(attempt + 1), 1500);
  }

  #stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

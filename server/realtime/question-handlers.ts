// Grading by question (#12): `question:next` releases the grader's claim on the question and claims
// the next ungraded copy of it (never the same (copy, question) to two graders), `question:release`
// lets one go. The connection keeps its claims: this node renews them while it is connected and
// releases them when it goes away (claim-service.ts; their lease ends them if the node dies).
import type { ClaimService } from "../grading/claim-service.ts";
import { regionPagesOf } from "../grading/region-pages.ts";
import { isGraderOfExam } from "../exams/exam-lookup.ts";
import { AppError } from "../errors/app-error.ts";
import { authorize } from "../policy/policy.ts";
import type { Connection } from "./connection.ts";
import { onAckEvent } from "./event-handler.ts";
import type { RealtimeDeps } from "./realtime-deps.ts";

/** This node's claims, per connection: `${copyId}|${questionId}` → the holder. */
export class ConnectionClaims {
  readonly #byConnection = new Map<string, { userId: string; keys: Set<string> }>();

  add(connectionId: string, userId: string, copyId: string, questionId: string): void {
    const e = this.#byConnection.get(connectionId) ?? { userId, keys: new Set<string>() };
    e.keys.add(`${copyId}|${questionId}`);
    this.#byConnection.set(connectionId, e);
  }

  /** Forgets the connection's claims on this question (moving on) or one claim. */
  drop(connectionId: string, questionId: string, copyId?: string): void {
    const e = this.#byConnection.get(connectionId);
    if (!e) return;
    for (const k of e.keys) if (k.endsWith(`|${questionId}`) && (copyId === undefined || k.startsWith(`${copyId}|`))) e.keys.delete(k);
  }

  take(connectionId: string): { userId: string; claims: { copyId: string; questionId: string }[] } | null {
    const e = this.#byConnection.get(connectionId);
    this.#byConnection.delete(connectionId);
    return e ? { userId: e.userId, claims: [...e.keys].map(split) } : null;
  }

  all(): { copyId: string; questionId: string; userId: string; connectionId: string }[] {
    return [...this.#byConnection].flatMap(([connectionId, e]) => [...e.keys].map((k) => ({ ...split(k), userId: e.userId, connectionId })));
  }
}

function split(key: string): { copyId: string; questionId: string } {
  const at = key.indexOf("|");
  return { copyId: key.slice(0, at), questionId: key.slice(at + 1) };
}

/** Renews the claims of this node's connections every lease/3; a claim found gone is forgotten. */
export function keepClaims(claims: ClaimService, held: ConnectionClaims, leaseSec: number, onError: (e: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(
    async () => {
      const all = held.all();
      if (running || all.length === 0) return;
      running = true;
      try {
        const live = await claims.renew(all);
        for (const c of all) if (!live.has(`${c.copyId}|${c.questionId}|${c.userId}`)) held.drop(c.connectionId, c.questionId, c.copyId);
      } catch (e) {
        onError(e);
      } finally {
        running = false;
      }
    },
    Math.max(250, (leaseSec * 1000) / 3),
  );
  timer.unref();
  return () => clearInterval(timer);
}

export function registerQuestionHandlers(conn: Connection, deps: RealtimeDeps): void {
  const { socket } = conn;

  onAckEvent(conn, deps, "question:next", deps.limits.control, async ({ examId, questionId, afterCopyId, skip, ahead }) => {
    authorize(conn.actor, "question.claim", { assigned: conn.actor.role === "GRADER" && (await isGraderOfExam(deps.ctx.db, conn.user.id, examId)) });
    const leaf = await deps.ctx.db.scaleNode.findFirst({ where: { examId, maxPoints: { not: null }, id: questionId }, select: { id: true } }).catch(() => null);
    if (!leaf) throw new AppError("NOT_FOUND", "Question not found");
    deps.claimsHeld.drop(socket.id, questionId);
    const r = await deps.claims.next(
      examId,
      questionId,
      { userId: conn.user.id, nodeId: deps.ctx.nodeId },
      { afterCopyId: afterCopyId ?? null, skip: skip ?? [], ahead: ahead === true },
    );
    if (r.claim) {
      deps.claimsHeld.add(socket.id, conn.user.id, r.claim.copyId, questionId);
      conn.setQuiet(r.claim.copyId, false); // joined ahead, now the grader's copy: presence lists them there
    }
    if (r.ahead) deps.claimsHeld.add(socket.id, conn.user.id, r.ahead.copyId, questionId);
    // the region's pages of these copies: the desk paints from their images, the next ones cut ahead
    const pages = await regionPagesOf(
      deps.ctx.db,
      conn.actor,
      examId,
      questionId,
      [r.claim?.copyId, r.ahead?.copyId, r.peek].filter((x): x is string => !!x),
    );
    return { ...r, pages };
  });

  onAckEvent(conn, deps, "question:release", deps.limits.control, async ({ copyId, questionId }) => {
    deps.claimsHeld.drop(socket.id, questionId, copyId);
    return { released: await deps.claims.release(copyId, questionId, conn.user.id) };
  });
}

/** The connection went away: its claims are released now (a reload claims again). */
export async function releaseConnectionClaims(claims: ClaimService, held: ConnectionClaims, connectionId: string): Promise<void> {
  const e = held.take(connectionId);
  if (!e) return;
  await Promise.all(e.claims.map((c) => claims.release(c.copyId, c.questionId, e.userId)));
}

// What this node knows about one socket of the /grading namespace.
import type { Layer } from "../../collab/contract/socket/index.ts";
import type { Role } from "../db/client.ts";
import type { CopyAccess } from "../grading/copy-access.ts";
import { GradingError } from "../grading/grading-error.ts";
import type { Actor } from "../policy/actor.ts";
import type { GradingSocket } from "./grading-io.ts";

export interface SocketUser {
  readonly id: string;
  readonly role: Role;
  readonly displayName: string;
}

/** socket.data: plain JSON, since other nodes read it through fetchSockets (presence). */
export interface SocketData {
  user: SocketUser;
  sessionId: string;
  /** copies joined ahead (copy:join quiet): presence leaves this socket out of them */
  quiet?: string[];
}

export class Connection {
  /** copies joined by this socket, with what it may do there */
  readonly copies = new Map<string, CopyAccess>();
  /** moderation layers joined by this socket (copy id → layer, exam, whether it may write) */
  readonly layers = new Map<string, { layer: Layer; examId: string; canWrite: boolean }>();
  lastActivity = Date.now();
  /** from the last session check; past it, every event is refused at once */
  sessionExpiresAt = Number.POSITIVE_INFINITY;

  constructor(readonly socket: GradingSocket) {}

  get user(): SocketUser {
    return this.socket.data.user;
  }

  get sessionId(): string {
    return this.socket.data.sessionId;
  }

  /** Active by construction: the handshake refused inactive users, the session watch disconnects them. */
  get actor(): Actor {
    return { id: this.user.id, role: this.user.role, active: true };
  }

  /** Joined ahead (quiet: true) or plainly (false): presence lists this socket on the copy only when not quiet. */
  setQuiet(copyId: string, quiet: boolean): void {
    const data = this.socket.data;
    const rest = (data.quiet ?? []).filter((c) => c !== copyId);
    data.quiet = quiet ? [...rest, copyId] : rest;
  }

  isQuiet(copyId: string): boolean {
    return this.socket.data.quiet?.includes(copyId) ?? false;
  }

  joined(copyId: string): CopyAccess {
    const access = this.copies.get(copyId);
    if (!access) throw new GradingError("NOT_JOINED", "Join the copy first (copy:join)");
    return access;
  }
}

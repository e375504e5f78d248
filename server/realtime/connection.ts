// What this node knows about one socket of the /grading namespace.
import type { Socket } from "socket.io";
import type { Role } from "../db/client.ts";
import type { CopyAccess } from "../grading/copy-access.ts";
import { GradingError } from "../grading/grading-error.ts";
import type { Actor } from "../policy/actor.ts";

export interface SocketUser {
  readonly id: string;
  readonly role: Role;
  readonly displayName: string;
}

/** socket.data: plain JSON, since other nodes read it through fetchSockets (presence). */
export interface SocketData {
  user: SocketUser;
  sessionId: string;
}

export class Connection {
  /** copies joined by this socket, with what it may do there */
  readonly copies = new Map<string, CopyAccess>();
  lastActivity = Date.now();
  /** from the last session check; past it, every event is refused at once */
  sessionExpiresAt = Number.POSITIVE_INFINITY;

  constructor(readonly socket: Socket) {}

  get user(): SocketUser {
    return (this.socket.data as SocketData).user;
  }

  get sessionId(): string {
    return (this.socket.data as SocketData).sessionId;
  }

  /** Active by construction: the handshake refused inactive users, the session watch disconnects them. */
  get actor(): Actor {
    return { id: this.user.id, role: this.user.role, active: true };
  }

  joined(copyId: string): CopyAccess {
    const access = this.copies.get(copyId);
    if (!access) throw new GradingError("NOT_JOINED", "Join the copy first (copy:join)");
    return access;
  }
}

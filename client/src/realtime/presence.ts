// Who else has the copy open. The server relays `copy:awareness` as opaque bytes (in base64); ours are a small
// JSON state sent on join, every HEARTBEAT_MS and on leave. A peer silent for EXPIRE_MS is gone.
import type { ServerPayload } from "../../../collab/contract/socket/index.ts";
import { decodeRoomBytes } from "../../../collab/contract/socket/room-bytes.ts";

export interface PresenceState {
  userId: string;
  displayName: string;
  role: string;
  /** the page the peer is looking at (0-based) */
  page?: number;
  leaving?: boolean;
}

export interface Peer extends PresenceState {
  lastSeen: number;
}

export const HEARTBEAT_MS = 10_000;
export const EXPIRE_MS = 25_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodePresence = (state: PresenceState): Uint8Array => encoder.encode(JSON.stringify(state));

export function decodePresence(bytes: Uint8Array | ArrayBuffer): PresenceState | null {
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)));
    if (typeof value !== "object" || value === null) return null;
    const v = value as Record<string, unknown>;
    if (typeof v.userId !== "string" || typeof v.displayName !== "string" || typeof v.role !== "string") return null;
    return { userId: v.userId, displayName: v.displayName, role: v.role, page: typeof v.page === "number" ? v.page : undefined, leaving: v.leaving === true };
  } catch {
    return null;
  }
}

/** Who sent a relayed `copy:awareness`, as the server stamps it from the sender's session. */
export type AwarenessSender = ServerPayload<"copy:awareness">["from"];

/**
 * The presence a relayed `copy:awareness` reports: the page and leaving flag from the sender's
 * state, the identity from the server's stamp (`from`), never from what the client claims.
 */
export function presenceFromMessage(msg: ServerPayload<"copy:awareness">): PresenceState | null {
  const from = msg.from as Partial<AwarenessSender> | undefined; // checked anyway: an older server may not stamp
  if (!from || typeof from.userId !== "string" || typeof from.displayName !== "string") return null;
  let bytes: Uint8Array;
  try {
    bytes = decodeRoomBytes(msg.state);
  } catch {
    return null; // not base64
  }
  const state = decodePresence(bytes);
  if (!state) return null;
  return { ...state, userId: from.userId, displayName: from.displayName, role: typeof from.role === "string" ? from.role : state.role };
}

/**
 * Peers by user id; `apply` returns true when what is shown changed. A presence stamped with our
 * own id comes from another tab or device of ours (the server never relays a socket's own
 * awareness back to it): it is not a peer, it is `elsewhere`.
 */
export class PeerList {
  readonly #peers = new Map<string, Peer>();
  /** when another tab of ours last said it has the copy open; null: none */
  #selfSeen: number | null = null;

  constructor(private readonly selfId: string) {}

  get list(): Peer[] {
    return [...this.#peers.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  /** the copy is also open in another tab (or device) of the same user */
  get elsewhere(): boolean {
    return this.#selfSeen !== null;
  }

  has(userId: string): boolean {
    return userId === this.selfId ? this.#selfSeen !== null : this.#peers.has(userId);
  }

  /** At join, the server counts our own connections in the copy's room: more than this one is another tab. */
  applyJoined(entry: { userId: string; displayName: string; role: string; connections?: number }, now = Date.now()): boolean {
    if (entry.userId !== this.selfId) return this.apply(entry, now);
    if ((entry.connections ?? 1) < 2) return false;
    const was = this.#selfSeen;
    this.#selfSeen = now;
    return was === null;
  }

  apply(state: PresenceState, now = Date.now()): boolean {
    if (state.userId === this.selfId) {
      const was = this.#selfSeen;
      this.#selfSeen = state.leaving ? null : now;
      return (was === null) !== (this.#selfSeen === null);
    }
    if (state.leaving) return this.#peers.delete(state.userId);
    const known = this.#peers.get(state.userId);
    this.#peers.set(state.userId, { ...state, lastSeen: now });
    return !known || known.page !== state.page;
  }

  expire(now = Date.now()): boolean {
    let changed = false;
    if (this.#selfSeen !== null && now - this.#selfSeen > EXPIRE_MS) {
      this.#selfSeen = null;
      changed = true;
    }
    for (const [id, peer] of this.#peers) {
      if (now - peer.lastSeen > EXPIRE_MS) changed = this.#peers.delete(id) || changed;
    }
    return changed;
  }
}

// Transaction origins. Every Yjs transaction we make carries one of these, so a peer can
// tell where an update came from and never stores or re-broadcasts it twice (the
// Hocuspocus `{ source: "redis" }` habit):
//   local  — typed by this user in this client: send it to the server;
//   remote — received from the other side of a socket: apply, never send back;
//   server — made by the server itself (takeover, migration): store and broadcast;
//   redis  — relayed from another server node: apply only, it was stored already.
// Origins are compared by `source`, not by identity, except LOCAL_ORIGIN which is a
// singleton so that `new Y.UndoManager(types, { trackedOrigins: new Set([LOCAL_ORIGIN]) })`
// works.

export type OriginSource = "local" | "remote" | "server" | "redis";

export interface UpdateOrigin {
  readonly source: OriginSource;
  /** the socket an update came from, to skip it when broadcasting */
  readonly socketId?: string;
}

export const LOCAL_ORIGIN: UpdateOrigin = Object.freeze({ source: "local" });
export const SERVER_ORIGIN: UpdateOrigin = Object.freeze({ source: "server" });
export const REDIS_ORIGIN: UpdateOrigin = Object.freeze({ source: "redis" });

export function remoteOrigin(socketId?: string): UpdateOrigin {
  return Object.freeze(socketId === undefined ? { source: "remote" } : { source: "remote", socketId });
}

export function isUpdateOrigin(value: unknown): value is UpdateOrigin {
  if (typeof value !== "object" || value === null) return false;
  const source = (value as { source?: unknown }).source;
  return source === "local" || source === "remote" || source === "server" || source === "redis";
}

/**
 * Client side: should this update go to the server? Yes unless it came from the network.
 * Untagged origins count as local: Y.UndoManager uses itself as the origin of undo/redo.
 */
export function isLocalEdit(origin: unknown): boolean {
  return !isUpdateOrigin(origin) || origin.source === "local";
}

/** Server side: must this update be appended to the store? Not when another node stored it. */
export function needsPersist(origin: unknown): boolean {
  return isUpdateOrigin(origin) && (origin.source === "remote" || origin.source === "server");
}

/** Server side: must this update be fanned out to the other nodes and sockets? */
export function needsFanOut(origin: unknown): boolean {
  return needsPersist(origin);
}

// The load benchmark's clients for both systems: Korrigo (CopySync: join, lock, ack after commit)
// and the bare Socket.IO peer (join a room, emit bytes, ack on receipt).
import { io, type Socket } from "socket.io-client";
import * as Y from "yjs";
import { addAnnotation, newAnnotationId } from "../../../collab/index.ts";
import { CopySync } from "../../../tests/helpers/grading-client.ts";
import { connectGrading } from "../../../tests/helpers/grading-session.ts";
import { rawWatcher, type RawWatcher } from "./raw-watcher.ts";

/**
 * Milliseconds on a clock shared by every process of the machine (CLOCK_MONOTONIC on Linux): an
 * edit timed in the writers' process (load-writers.ts) and its arrival timed in the watchers' can
 * be subtracted. performance.now() counts from each process's own start: never mix it across them.
 */
export const monoMs = (): number => Number(process.hrtime.bigint()) / 1e6;

export interface Seat {
  copyId: string;
  cookie: string;
  /** the writer's user id: an annotation's author must be its sender */
  userId: string;
}

export interface LoadClient {
  /** makes one edit and returns its id (`id` if given, made up front by whoever times its fan-out; else a new one) */
  edit(kind: "tick" | "pen", id?: string): string;
  /** called with the ms from each edit to its ack */
  onAck(fn: (ms: number) => void): void;
  /** called with each annotation id seen arriving from another client */
  onSeen(fn: (id: string) => void): void;
  close(): void;
}

/** A pen stroke of ~1.6 kB once encoded (the measured size): 96 points. */
function penPoints(): number[] {
  const pts: number[] = [];
  let x = Math.random() * 0.5;
  let y = Math.random() * 0.5;
  for (let i = 0; i < 96; i++) {
    x = Math.min(1, x + Math.random() * 0.004);
    y = Math.max(0, Math.min(1, y + (Math.random() - 0.5) * 0.004 + 0.001)); // a stroke stays on the page
    pts.push(Number(x.toFixed(4)), Number(y.toFixed(4)));
  }
  return pts;
}

function annotate(doc: Y.Doc, kind: "tick" | "pen", author: string, id = newAnnotationId()): string {
  const common = { id, page: 0, color: "#1565c0", width: 0.004, author, createdAt: Date.now() };
  if (kind === "pen") addAnnotation(doc, { ...common, kind: "pen", points: penPoints() } as Parameters<typeof addAnnotation>[1]);
  else addAnnotation(doc, { ...common, kind: "tick", box: { x: 0.4, y: 0.4, w: 0.05, h: 0.05 } });
  return id;
}

function watch(doc: Y.Doc, seen: Array<(id: string) => void>): void {
  doc.getMap("annotations").observe((ev, tr) => {
    if (tr.local) return;
    for (const key of ev.keysChanged) for (const fn of seen) fn(key);
  });
}

export async function korrigoClient(url: string, origin: string, seat: Seat, opts: { write: boolean }): Promise<LoadClient> {
  const sync = new CopySync({ copyId: seat.copyId, doc: new Y.Doc(), ackTimeoutMs: 60_000 }); // a join storm on a loaded machine
  await new Promise<void>((resolve, reject) => {
    sync.on("joined", () => resolve());
    sync.on("refused", (a) => reject(new Error(a.code)));
    sync.attach(connectGrading(url, { cookie: seat.cookie, origin, reconnection: false }));
  });
  if (opts.write) {
    const lock = await sync.takeLock();
    if (!lock.ok) throw new Error(`lock refused: ${lock.code}`);
  }
  const sentAt: number[] = [];
  const acks: Array<(ms: number) => void> = [];
  const seen: Array<(id: string) => void> = [];
  watch(sync.doc, seen);
  sync.on("saved", (_seq, edits) => {
    // edits made while one was in flight travel (and are acked) together: time each from its own send
    for (let k = 0; k < edits; k++) {
      const t = sentAt.shift();
      if (t !== undefined) for (const fn of acks) fn(performance.now() - t);
    }
  });
  return {
    edit(kind, id) {
      sentAt.push(performance.now());
      return annotate(sync.doc, kind, seat.userId, id);
    },
    onAck: (fn) => void acks.push(fn),
    onSeen: (fn) => void seen.push(fn),
    close() {
      sync.socket?.close();
      sync.destroy();
    },
  };
}

/** A socket of the bare Socket.IO peer, connected and in the seat's room. */
async function peerSocket(url: string, seat: Seat): Promise<Socket> {
  const socket: Socket = io(`${url}/grading`, { transports: ["websocket"], forceNew: true, reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  await socket.emitWithAck("copy:join", { copyId: seat.copyId });
  return socket;
}

export async function peerClient(url: string, seat: Seat): Promise<LoadClient> {
  const socket = await peerSocket(url, seat);
  const doc = new Y.Doc();
  const acks: Array<(ms: number) => void> = [];
  const seen: Array<(id: string) => void> = [];
  watch(doc, seen);
  socket.on("copy:update", ({ update }: { update: ArrayBuffer | Uint8Array }) => Y.applyUpdate(doc, new Uint8Array(update as ArrayBuffer), "remote"));
  doc.on("update", (update: Uint8Array, origin: unknown) => {
    if (origin === "remote") return;
    const t = performance.now();
    socket.emit("copy:update", { copyId: seat.copyId, update }, () => {
      for (const fn of acks) fn(performance.now() - t);
    });
  });
  return {
    edit: (kind, id) => annotate(doc, kind, seat.userId, id),
    onAck: (fn) => void acks.push(fn),
    onSeen: (fn) => void seen.push(fn),
    close: () => void socket.close(),
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * A watcher that only times arrivals: it finds, in each update's bytes, the ids of the annotations
 * its room's writer made (`expected`; Yjs writes a map key's UTF-8 as is), without applying the
 * update. A watcher's browser applies one update in a fraction of a millisecond; 2,000 watchers'
 * Yjs in the one load process would make the benchmark's own process the bottleneck it measures.
 * It speaks the wire protocol over a bare WebSocket (raw-watcher.ts), for the same reason.
 * Same for both systems (the update arrives as it was committed, or relayed).
 */
function lightWatcher(socket: RawWatcher, expected: ReadonlySet<string>): LoadClient {
  const seen: Array<(id: string) => void> = [];
  socket.onBinary((bytes) => {
    // one pass over the bytes for the UUIDs they hold (an annotation's id, its author's), each looked
    // up in the set: searching the bytes once per id still in flight (~40 per room) cost the load
    // process 16–25 µs a delivery on a quiet machine (5–7 µs in one pass, base64 included), 0.1–0.2
    // of a core at 10,000 deliveries a second, taken from the servers under test (69 µs when loaded)
    const found: string[] = [];
    for (const [id] of bytes.toString("latin1").matchAll(UUID)) {
      if (!expected.has(id) || found.includes(id)) continue;
      found.push(id);
      for (const fn of seen) fn(id);
    }
  });
  return {
    edit: () => {
      throw new Error("a watcher does not write");
    },
    onAck: () => {},
    onSeen: (fn) => void seen.push(fn),
    close: () => socket.close(),
  };
}

async function joinedWatcher(url: string, seat: Seat, expected: ReadonlySet<string>, headers?: Record<string, string>): Promise<LoadClient> {
  return lightWatcher(await rawWatcher({ url, namespace: "/grading", headers, join: { event: "copy:join", payload: { copyId: seat.copyId } } }), expected);
}

/** A Korrigo watcher (a supervisor's second screen): joins the copy read-only, then only times arrivals. */
export function korrigoWatcher(url: string, origin: string, seat: Seat, expected: ReadonlySet<string>): Promise<LoadClient> {
  return joinedWatcher(url, seat, expected, { cookie: seat.cookie, origin });
}

/** The peer's watcher: joins the room, then only times arrivals. */
export function peerWatcher(url: string, seat: Seat, expected: ReadonlySet<string>): Promise<LoadClient> {
  return joinedWatcher(url, seat, expected);
}

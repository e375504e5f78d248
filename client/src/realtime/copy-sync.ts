// The sync client of one copy over the /grading protocol (docs/protocol.md). Framework-free (it
// imports only yjs, collab/ with the protocol's contract, and socket.io-client's types): the desk uses it, and so do the tests,
// benchmarks and the chaos run (tests/helpers/grading-client.ts re-exports it). A `change` event
// (joined / pending count) feeds the save status; `forgetLock()` follows a takeover.
//
// Durability: every local edit stays in `pending` until an ack ({ok:true, seq}) says it is
// committed. One message is in flight at a time; edits made meanwhile are merged into the next
// one. On (re)connect it re-joins with its state vector, applies the diff it lacked, re-takes the
// lock it held, then resends what was not acked (Yjs updates are idempotent).
// A lost broadcast shows as an update Yjs keeps pending: after `gapResyncMs` it re-joins.
// A final refusal drops the un-acked edits and starts a fresh Y.Doc from the server (`reset`).
//
// Surviving the tab: with a `store` (the desk's IndexedDB one, client/src/realtime/pending-store.ts;
// none in Node), each local edit is written there before it is sent, and deleted once acked. A new
// CopySync with the same store (a reload, a crash, a killed tab) applies the stored edits at its
// first writable join and resends them; on a read-only join it leaves them stored (`stranded`).
import * as Y from "yjs";
import type { AckedEventName, AckOf, ErrorAck, Lock, PayloadIn, ServerPayload } from "../../../collab/contract/socket/index.ts";
import { decodeRoomBytes } from "../../../collab/contract/socket/room-bytes.ts";
import { isLocalEdit, remoteOrigin } from "../../../collab/index.ts";
import { type GradingSocket, request } from "./grading-socket.ts";
import { retryDelayMs } from "./retry-backoff.ts";

export type LockView = Lock;

/** a refusal: the server's error ack, or the client's own TIMEOUT (no answer, not connected) */
export type ErrAck = ErrorAck;
/** the ack of one event as the sync sees it: the server's, or TIMEOUT */
export type AckFor<E extends AckedEventName> = AckOf<E> | ErrAck;
/** any ack */
export type Ack = AckFor<AckedEventName>;
/** the successful join: what `joined` listeners get */
export type OkAck = Extract<AckOf<"copy:join">, { ok: true }>;

/** Worth sending again later; any other refusal is final for the refused edits. */
const RETRY = new Set(["TIMEOUT", "RATE_LIMITED", "UNAVAILABLE", "INTERNAL", "NOT_JOINED", "NOT_LOCK_HOLDER"]);
/** Final refusals because the copy is not writable any more: the stored edits are kept (not silently lost). */
export const KEEP_STORED: ReadonlySet<string> = new Set(["COPY_READ_ONLY", "FORBIDDEN"]);
/** the longest wait between two retries (the first is about retryDelayMs, each next one doubles) */
const MAX_RETRY_DELAY_MS = 8_000;
const FROM_SERVER = remoteOrigin();
/** Applying stored edits: not queued by the update handler (the sync queues them itself, with their keys). */
const FROM_STORE = Object.freeze({ source: "remote" as const, from: "store" });

/** Local edits of one copy and one user kept outside the page until acked (see pending-store.ts). */
export interface PendingStore {
  /** The edits stored earlier (a previous page, a crash), oldest first. */
  load(): Promise<StoredEdit[]>;
  /** Persists one edit; resolves with its key once written. */
  add(update: Uint8Array): Promise<number>;
  remove(keys: number[]): Promise<void>;
}

export interface StoredEdit {
  key: number;
  update: Uint8Array;
  /** when it was stored (ms since the epoch) */
  at: number;
}

interface PendingEdit {
  readonly update: Uint8Array;
  inFlight: boolean;
  /** its key in the store once written */
  key: number | null;
  /** the store write is not done yet: not sent before (edits go out in order) */
  writing: boolean;
  /** dropped after a final refusal while still being written: what to do with it once written */
  dropped?: "remove" | "keep";
}

export interface CopySyncEvents {
  joined: (ack: OkAck) => void;
  /** the doc was replaced by a fresh one from the server after a final refusal */
  reset: (doc: Y.Doc) => void;
  saved: (seq: number, edits: number) => void;
  refused: (ack: ErrAck, edits: Uint8Array[]) => void;
  /** edits refused for now (no lock, rate limit, outage): kept and sent again later */
  held: (ack: ErrAck, edits: number) => void;
  lock: (lock: LockView | null) => void;
  expired: () => void;
  /** joined or the number of un-acknowledged edits changed */
  change: () => void;
  /** stored edits were applied to the doc and will be resent */
  restored: (edits: number) => void;
  /** stored edits cannot be sent (read-only join): they stay in the store */
  stranded: (edits: number) => void;
}

export interface CopySyncOptions {
  copyId: string;
  /** a moderation layer of the copy (the blind second marking); absent: the copy's own document */
  layer?: "second";
  doc?: Y.Doc;
  ackTimeoutMs?: number;
  retryDelayMs?: number;
  /** re-join when a received update waits this long for a missing dependency */
  gapResyncMs?: number;
  /** keeps un-acked edits across page loads (the desk: IndexedDB); none by default */
  store?: PendingStore;
  /**
   * The first join asks for the lock too (copy:join with `lock: true`): a copy the user may write
   * is theirs in one round trip instead of two. Whether it was taken shows in `lock` and `locked`.
   */
  lockOnJoin?: boolean;
}

export class CopySync {
  readonly copyId: string;
  readonly layer: "second" | undefined;
  #doc: Y.Doc;
  lock: LockView | null = null;
  readOnly = true;
  /** highest seq acknowledged to this client */
  lastSeq = 0;
  #socket: GradingSocket | null = null;
  #pending: PendingEdit[] = [];
  #joined = false;
  #wantLock = false;
  /** successful takeLock() calls so far: an edit refused NOT_LOCK_HOLDER is resent if the lock came meanwhile */
  #lockTakes = 0;
  #retry: ReturnType<typeof setTimeout> | null = null;
  /** retries since the last answer that went through: the backoff's exponent */
  #retries = 0;
  #gapTimer: ReturnType<typeof setTimeout> | null = null;
  #listeners: { [K in keyof CopySyncEvents]?: CopySyncEvents[K][] } = {};
  #waiters: (() => void)[] = [];
  readonly #opts: Required<Omit<CopySyncOptions, "doc" | "store" | "layer" | "lockOnJoin">>;
  readonly #store: PendingStore | null;
  /** the stored edits of earlier pages, until applied at a writable join */
  #stored: Promise<StoredEdit[]> | null;
  /** stored edits left unsent because the copy was read-only when joined */
  stranded = 0;
  /** joins ahead of showing the copy: the server keeps this socket out of the copy's presence */
  quiet = false;
  /** the first join asks for the lock (cleared once a join is answered) */
  #lockOnJoin: boolean;
  /** the last join took the lock (copy:join with `lock: true` answered `locked`) */
  lockedOnJoin = false;

  constructor(opts: CopySyncOptions) {
    this.copyId = opts.copyId;
    this.layer = opts.layer;
    this.#doc = opts.doc ?? new Y.Doc();
    this.#opts = {
      copyId: opts.copyId,
      ackTimeoutMs: opts.ackTimeoutMs ?? 10_000,
      retryDelayMs: opts.retryDelayMs ?? 500,
      gapResyncMs: opts.gapResyncMs ?? 1500,
    };
    this.#store = opts.store ?? null;
    this.#lockOnJoin = opts.lockOnJoin === true;
    this.#stored = this.#store ? this.#store.load().catch(() => []) : null;
    this.#doc.on("update", this.#onDocUpdate);
  }

  /** The copy's document; replaced (see `reset`) after a final refusal. */
  get doc(): Y.Doc {
    return this.#doc;
  }

  /** Resolves once joined (now, or at the next successful copy:join). */
  ready(): Promise<void> {
    if (this.#joined) return Promise.resolve();
    return new Promise((resolve) => {
      const fn = () => {
        this.#listeners.joined = this.#listeners.joined?.filter((f) => f !== fn);
        resolve();
      };
      this.on("joined", fn);
    });
  }

  on<K extends keyof CopySyncEvents>(event: K, fn: CopySyncEvents[K]): this {
    ((this.#listeners[event] ??= []) as CopySyncEvents[K][]).push(fn);
    return this;
  }

  get socket(): GradingSocket | null {
    return this.#socket;
  }

  get joined(): boolean {
    return this.#joined;
  }

  /** Un-acknowledged local edits. */
  get pendingCount(): number {
    return this.#pending.length;
  }

  /** Uses this socket from now on (first connection, or failover to another node). */
  attach(socket: GradingSocket): void {
    this.detach();
    this.#socket = socket;
    socket.on("connect", this.#onConnect);
    socket.on("disconnect", this.#onDisconnect);
    socket.on("copy:update", this.#onRemoteUpdate);
    socket.on("copy:lock", this.#onLock);
    socket.on("session:expired", this.#onExpired);
    if (socket.connected) void this.#onConnect();
  }

  detach(): void {
    const s = this.#socket;
    if (!s) return;
    s.off("connect", this.#onConnect);
    s.off("disconnect", this.#onDisconnect);
    s.off("copy:update", this.#onRemoteUpdate);
    s.off("copy:lock", this.#onLock);
    s.off("session:expired", this.#onExpired);
    this.#socket = null;
    this.#onDisconnect();
  }

  /** Resolves when every local edit so far is acknowledged (saved in PostgreSQL). */
  whenSaved(): Promise<void> {
    if (this.#pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async takeLock(): Promise<AckFor<"copy:lock">> {
    const ack = await this.#request("copy:lock", { copyId: this.copyId });
    if (ack.ok) {
      this.#lockTakes++;
      this.#wantLock = true;
      this.#setLock(ack.lock);
      this.#flush();
    }
    return ack;
  }

  async releaseLock(): Promise<AckFor<"copy:unlock">> {
    this.#wantLock = false;
    const ack = await this.#request("copy:unlock", { copyId: this.copyId });
    if (ack.ok) this.#setLock(ack.lock);
    return ack;
  }

  async takeover(): Promise<AckFor<"copy:takeover">> {
    const ack = await this.#request("copy:takeover", { copyId: this.copyId });
    if (ack.ok) {
      this.#wantLock = true;
      this.#setLock(ack.lock);
    }
    return ack;
  }

  /** Someone else took the copy over: stop re-taking the lock on reconnect. */
  forgetLock(): void {
    this.#wantLock = false;
  }

  /** Presence / cursors: volatile, never stored. */
  sendAwareness(state: Uint8Array): void {
    if (this.#joined) this.#socket?.volatile.emit("copy:awareness", { copyId: this.copyId, state, ...this.#layerField() });
  }

  destroy(): void {
    this.detach();
    this.#doc.off("update", this.#onDocUpdate);
    if (this.#retry) clearTimeout(this.#retry);
    if (this.#gapTimer) clearTimeout(this.#gapTimer);
  }

  #emit<K extends keyof CopySyncEvents>(event: K, ...args: Parameters<CopySyncEvents[K]>): void {
    for (const fn of this.#listeners[event] ?? []) (fn as (...a: unknown[]) => void)(...args);
  }

  async #request<E extends AckedEventName>(event: E, payload: PayloadIn<E>): Promise<AckFor<E>> {
    const socket = this.#socket;
    if (!socket?.connected) return { ok: false, code: "TIMEOUT", message: "not connected" };
    try {
      return await request(socket, event, payload, this.#opts.ackTimeoutMs);
    } catch {
      return { ok: false, code: "TIMEOUT", message: `no answer to ${event}` };
    }
  }

  #onConnect = async (): Promise<void> => {
    const socket = this.#socket;
    this.#joined = false;
    // the lock in the same round trip: at the first join when asked for, and when re-joining with the lock held
    const askLock = (this.#lockOnJoin || this.#wantLock) && !this.quiet && !this.layer;
    const ack = await this.#request("copy:join", {
      copyId: this.copyId,
      stateVector: Y.encodeStateVector(this.#doc),
      ...(this.quiet ? { quiet: true } : {}),
      ...(askLock ? { lock: true } : {}),
      ...this.#layerField(),
    });
    if (socket !== this.#socket) return;
    if (!ack.ok) {
      if (RETRY.has(ack.code)) this.#scheduleRetry(retryAfterOf(ack));
      this.#emit("refused", ack, []);
      return;
    }
    this.#lockOnJoin = false;
    this.lockedOnJoin = ack.locked === true;
    if (this.lockedOnJoin) {
      this.#lockTakes++;
      this.#wantLock = true;
    }
    this.#retries = 0;
    Y.applyUpdate(this.#doc, toBytes(ack.update), FROM_SERVER);
    this.readOnly = ack.readOnly;
    if (this.#stored) {
      const stored = await this.#stored;
      if (socket !== this.#socket) return;
      this.#restore(stored);
    }
    this.#joined = true;
    this.#setLock(ack.lock);
    if (this.#wantLock && !this.lockedOnJoin) await this.takeLock();
    this.#emit("joined", ack);
    this.#emit("change");
    this.#flush();
  };

  #onDisconnect = (): void => {
    this.#joined = false;
    for (const p of this.#pending) p.inFlight = false; // their acks will never come: resend after re-joining
    this.#emit("change");
  };

  #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (!isLocalEdit(origin)) return; // from the server (or the store): never queued twice
    const edit: PendingEdit = { update, inFlight: false, key: null, writing: this.#store !== null };
    this.#pending.push(edit);
    if (this.#store) void this.#persist(this.#store, edit);
    this.#emit("change");
    this.#flush();
  };

  /** Written to the store before it is sent; a failed write (quota, private mode) does not hold it back. */
  async #persist(store: PendingStore, edit: PendingEdit): Promise<void> {
    try {
      edit.key = await store.add(edit.update);
    } catch {
      // not kept across page loads, still sent
    }
    edit.writing = false;
    if (edit.dropped === "remove" && edit.key !== null) void store.remove([edit.key]).catch(() => {});
    this.#flush();
  }

  /** The edits an earlier page stored: applied and queued (writable join), or left stored (read-only). */
  #restore(stored: StoredEdit[]): void {
    if (stored.length === 0) {
      this.#stored = null;
      return;
    }
    if (this.readOnly) {
      if (this.stranded !== stored.length) {
        this.stranded = stored.length;
        this.#emit("stranded", stored.length);
      }
      return; // kept in the store; tried again at the next join
    }
    this.#stored = null;
    this.stranded = 0;
    this.#doc.transact(() => {
      for (const s of stored) Y.applyUpdate(this.#doc, s.update, FROM_STORE);
    }, FROM_STORE);
    this.#pending.unshift(...stored.map((s) => ({ update: s.update, inFlight: false, key: s.key, writing: false })));
    this.#emit("restored", stored.length);
  }

  /** the layer key of this sync's events (none for the copy's own document) */
  #layerField(): { layer?: "second" } {
    return this.layer ? { layer: this.layer } : {};
  }

  #onRemoteUpdate = (msg: ServerPayload<"copy:update">): void => {
    if (msg.copyId !== this.copyId || msg.layer !== this.layer) return; // a supervisor may have both layers of a copy open
    Y.applyUpdate(this.#doc, decodeRoomBytes(msg.update), FROM_SERVER);
    this.#watchGap();
  };

  #watchGap(): void {
    if (this.#gapTimer || !hasPending(this.#doc)) return;
    this.#gapTimer = setTimeout(() => {
      this.#gapTimer = null;
      if (hasPending(this.#doc) && this.#joined) void this.#onConnect(); // a broadcast was lost: resync
    }, this.#opts.gapResyncMs);
  }

  #onLock = (msg: ServerPayload<"copy:lock">): void => {
    if (msg.copyId === this.copyId && !this.layer) this.#setLock(msg.lock); // a layer has no lock
  };

  #onExpired = (): void => this.#emit("expired");

  #setLock(lock: LockView | null): void {
    this.lock = lock;
    this.#emit("lock", lock);
  }

  #flush(): void {
    const socket = this.#socket;
    if (!this.#joined || !socket?.connected || this.#pending.some((p) => p.inFlight)) return;
    const written = this.#pending.findIndex((p) => p.writing);
    const batch = written < 0 ? this.#pending.slice() : this.#pending.slice(0, written); // in order: each may depend on the previous
    if (batch.length === 0) return;
    for (const p of batch) p.inFlight = true;
    const sentAt = this.#lockTakes;
    const update = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((p) => p.update));
    request(socket, "copy:update", { copyId: this.copyId, update, ...this.#layerField() }, this.#opts.ackTimeoutMs).then(
      (ack) => this.#settle(batch, ack, sentAt),
      () => this.#settle(batch, { ok: false, code: "TIMEOUT", message: "no ack" }, sentAt),
    );
  }

  #settle(batch: PendingEdit[], ack: AckFor<"copy:update">, sentAt: number): void {
    const still = batch.filter((p) => this.#pending.includes(p));
    if (ack.ok) {
      this.#retries = 0;
      this.#pending = this.#pending.filter((p) => !batch.includes(p));
      this.lastSeq = Math.max(this.lastSeq, ack.seq);
      this.#unstore(batch);
      if (still.length > 0) this.#emit("saved", ack.seq, still.length);
    } else if (ack.code === "NOT_LOCK_HOLDER") {
      for (const p of still) p.inFlight = false; // kept: sent again once takeLock() succeeds
      this.#emit("held", ack, still.length);
      if (this.#lockTakes !== sentAt) this.#flush(); // the lock was taken while this was in flight: once more
    } else if (RETRY.has(ack.code)) {
      for (const p of still) p.inFlight = false;
      this.#emit("held", ack, still.length);
      this.#scheduleRetry(retryAfterOf(ack));
    } else {
      const dropped = [...still, ...this.#pending.filter((p) => !batch.includes(p))];
      // Not writable any more: the stored edits stay (the desk says so next time); otherwise they are gone for good.
      if (!KEEP_STORED.has(ack.code)) this.#unstore(dropped);
      for (const p of dropped) p.dropped = KEEP_STORED.has(ack.code) ? "keep" : "remove";
      this.#emit(
        "refused",
        ack,
        dropped.map((p) => p.update),
      );
      this.#reset();
    }
    this.#emit("change");
    if (this.#pending.length === 0) for (const w of this.#waiters.splice(0)) w();
    else if (ack.ok) this.#flush();
  }

  #unstore(edits: PendingEdit[]): void {
    const keys = edits.flatMap((p) => (p.key === null ? [] : [p.key]));
    if (this.#store && keys.length > 0) void this.#store.remove(keys).catch(() => {});
  }

  /** After a final refusal: a fresh doc from the server; un-acked edits are dropped. */
  #reset(): void {
    this.#pending = [];
    this.#doc.off("update", this.#onDocUpdate);
    this.#doc = new Y.Doc();
    this.#doc.on("update", this.#onDocUpdate);
    this.#emit("reset", this.#doc);
    if (this.#socket?.connected) void this.#onConnect();
  }

  #scheduleRetry(afterMs?: number): void {
    if (this.#retry) return;
    this.#retry = setTimeout(
      () => {
        this.#retry = null;
        if (this.#joined) this.#flush();
        else if (this.#socket?.connected) void this.#onConnect();
      },
      retryDelayMs(this.#retries++, { baseMs: this.#opts.retryDelayMs, maxMs: MAX_RETRY_DELAY_MS }, Number(afterMs ?? 0)),
    );
  }
}

/** RATE_LIMITED says when to retry (`retryAfterMs`, docs/protocol.md) */
function retryAfterOf(ack: ErrAck): number | undefined {
  return typeof ack.retryAfterMs === "number" ? ack.retryAfterMs : undefined;
}

/** Structs or deletions waiting for a dependency the doc has not seen. */
function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** socket.io gives ArrayBuffer in browsers and Buffer in Node: Yjs wants a Uint8Array. */
function toBytes(b: Uint8Array | ArrayBuffer): Uint8Array {
  return b instanceof Uint8Array ? b : new Uint8Array(b);
}

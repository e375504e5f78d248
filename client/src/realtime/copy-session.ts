// One open copy in the browser: its Y.Doc (the local model), the sync over the shared socket, the
// lock (taken on open when the user may write; re-taken when the holder leaves; never after a
// takeover), presence of the others, and the facts the save status is made of.
// Un-acked edits are kept in IndexedDB (pending-store.ts) and resent when the copy is opened again.
import type * as Y from "yjs";
import type { ServerPayload } from "../../../collab/contract/socket/index.ts";
import { type AckFor, CopySync, KEEP_STORED, type ErrAck, type LockView, type OkAck } from "./copy-sync.ts";
import { holderName } from "./lock-holder.ts";
import { pendingStore } from "./pending-store.ts";
import { HEARTBEAT_MS, PeerList, encodePresence, presenceFromMessage, type Peer } from "./presence.ts";
import { type GradingSocket, gradingSocket } from "./socket.ts";

export interface SessionUser {
  id: string;
  displayName: string;
  role: string;
}

export interface CopySessionState {
  connected: boolean;
  joined: boolean;
  /** local edits the server has not acknowledged yet */
  pending: number;
  lock: LockView | null;
  /** the server lets this user write this copy (dispatched grader, copy READY) */
  mayWrite: boolean;
  /** someone else held the lock when we asked */
  lockedBy: string | null;
  /** a supervisor took the copy over from us */
  takenOverBy: string | null;
  peers: Peer[];
  /** the same user has this copy open in another tab or device too */
  elsewhere: boolean;
  /** the last final refusal of our edits (SCHEMA_VIOLATION, SCOPE …) */
  refusal: ErrAck | null;
  /** edits kept on this device (IndexedDB) that cannot be sent now: the copy is not writable for us */
  unsent: number;
}

export class CopySession extends EventTarget {
  readonly sync: CopySync;
  #state: CopySessionState;
  readonly #socket: GradingSocket;
  readonly #peers: PeerList;
  #page = 0;
  #heartbeat: ReturnType<typeof setInterval> | null = null;
  #everJoined = false;
  /** edits stored by an earlier page are among the pending ones */
  #restored = false;
  #keptAfterRefusal = 0;
  #quiet = false;

  /**
   * `claim`: grading by question — the user holds a claim on one question of the copy (taken
   * elsewhere, question:next) and writes that question without the copy's lock; no lock is asked.
   * `quiet`: joined ahead of being shown (the next copy of grading by question) — nobody sees this
   * user on the copy (no presence sent, the server leaves the join out of the copy's presence)
   * until `reveal()`.
   */
  constructor(
    readonly copyId: string,
    readonly me: SessionUser,
    socket: GradingSocket = gradingSocket(),
    readonly opts: { claim?: boolean; quiet?: boolean; layer?: "second" } = {},
  ) {
    super();
    this.#socket = socket;
    this.#peers = new PeerList(me.id);
    this.sync = new CopySync({
      copyId,
      ...(opts.layer ? { layer: opts.layer } : {}),
      store: pendingStore(opts.layer ? `${copyId}#${opts.layer}` : copyId, me.id),
      // the desk's own copy: its lock comes with the join (a claim or a layer has no lock to take)
      lockOnJoin: !opts.claim && !opts.layer && opts.quiet !== true,
    });
    this.#quiet = opts.quiet === true;
    this.sync.quiet = this.#quiet;
    this.#state = {
      connected: socket.connected,
      joined: false,
      pending: 0,
      lock: null,
      mayWrite: false,
      lockedBy: null,
      takenOverBy: null,
      peers: [],
      elsewhere: false,
      refusal: null,
      unsent: 0,
    };
    this.sync
      .on("change", () => {
        if (this.sync.pendingCount === 0) this.#restored = false;
        this.#update({ joined: this.sync.joined, pending: this.sync.pendingCount });
      })
      .on("joined", (ack) => {
        performance.mark("korrigo:copy-joined"); // the benchmark's breakdown of a desk's opening
        void this.#onJoined(ack);
      })
      .on("lock", (lock) => this.#onLock(lock))
      .on("restored", () => (this.#restored = true))
      .on("stranded", () => this.#update({}))
      .on("refused", (ack, edits) => {
        if (edits.length > 0 && KEEP_STORED.has(ack.code)) this.#keptAfterRefusal += edits.length;
        if (edits.length > 0) this.#update({ refusal: ack });
      })
      .on("saved", () => window.dispatchEvent(new CustomEvent("korrigo:saved", { detail: { at: performance.timeOrigin + performance.now() } })))
      .on("reset", () => this.dispatchEvent(new Event("reset")))
      .on("expired", () => this.dispatchEvent(new Event("expired")));
    socket.on("connect", this.#onConnectionChange);
    socket.on("disconnect", this.#onConnectionChange);
    socket.on("copy:awareness", this.#onAwareness);
  }

  get state(): Readonly<CopySessionState> {
    return this.#state;
  }

  get doc(): Y.Doc {
    return this.sync.doc;
  }

  /** Holding the lock: the only way to write. */
  get holdsLock(): boolean {
    return this.#state.lock?.holder.id === this.me.id;
  }

  get canEdit(): boolean {
    if (this.opts.layer) return this.#state.mayWrite && this.#state.joined; // a layer has one writer and no lock
    if (this.opts.claim) return this.#state.mayWrite && this.#state.joined && (this.#state.lock === null || this.holdsLock);
    return this.#state.mayWrite && this.holdsLock && this.#state.takenOverBy === null;
  }

  start(): void {
    this.sync.attach(this.#socket);
    this.#heartbeat = setInterval(() => {
      this.#announce();
      if (this.#peers.expire()) this.#update({ peers: this.#peers.list, elsewhere: this.#peers.elsewhere });
    }, HEARTBEAT_MS);
  }

  /**
   * The copy is shown now: the others see this user on it from here on (the server un-quiets the
   * join on the claim, or on the lock). A desk's copy joined ahead takes its lock now, as a plain
   * join would have (a claimed copy has its claim instead).
   */
  reveal(): void {
    if (!this.#quiet) return;
    this.#quiet = false;
    this.sync.quiet = false;
    this.#announce();
    if (this.#everJoined && this.#mayLock()) void this.#tryLock();
  }

  /** A desk's own copy (no claim, no layer), writable, not held by someone else: its lock is to be taken. */
  #mayLock(): boolean {
    const lock = this.#state.lock;
    return !this.opts.claim && !this.opts.layer && this.#state.mayWrite && !(lock && lock.holder.id !== this.me.id);
  }

  get quiet(): boolean {
    return this.#quiet;
  }

  /** The page the user looks at, shared with the others (presence). */
  setPage(page: number): void {
    if (page === this.#page) return;
    this.#page = page;
    this.#announce();
  }

  async takeover(): Promise<AckFor<"copy:takeover">> {
    const ack = await this.sync.takeover();
    if (ack.ok) this.#update({ lockedBy: null });
    return ack;
  }

  whenSaved(): Promise<void> {
    return this.sync.whenSaved();
  }

  /** The page is going away (reload, tab closed): tell the others now; the lock keeps its grace period. */
  sayGoodbye(): void {
    this.#announce(true);
  }

  /** Leaves the copy: the lock is released at once (copy:leave), presence says goodbye. */
  close(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#announce(true);
    if (this.sync.joined) this.#socket.emit("copy:leave", { copyId: this.copyId }, () => {});
    this.#socket.off("connect", this.#onConnectionChange);
    this.#socket.off("disconnect", this.#onConnectionChange);
    this.#socket.off("copy:awareness", this.#onAwareness);
    this.sync.destroy();
  }

  async #onJoined(ack: OkAck): Promise<void> {
    const first = !this.#everJoined;
    this.#everJoined = true;
    for (const p of ack.presence) this.#peers.applyJoined(p);
    this.#update({ mayWrite: !ack.readOnly, peers: this.#peers.list, elsewhere: this.#peers.elsewhere });
    this.#announce();
    // joined ahead (quiet): the lock waits until the copy is shown (reveal); held by someone else:
    // `lockedBy` names them (from the join's lock), nothing to ask
    if (first && !this.#quiet && this.#mayLock()) {
      if (this.sync.lockedOnJoin)
        this.#update({ lockedBy: null }); // taken with the join
      else await this.#tryLock();
    }
  }

  async #tryLock(): Promise<void> {
    const ack = await this.sync.takeLock();
    if (ack.ok) {
      performance.mark("korrigo:copy-locked"); // the benchmark's breakdown of a desk's opening
      this.#update({ lockedBy: null });
    } else if (ack.code === "LOCKED") this.#update({ lockedBy: holderName(ack) });
    else if (ack.code === "COPY_READ_ONLY" || ack.code === "FORBIDDEN") this.#update({ mayWrite: false });
  }

  #onLock(lock: LockView | null): void {
    const held = this.#state.lock?.holder.id === this.me.id;
    const other = lock && lock.holder.id !== this.me.id ? lock.holder.displayName : null;
    if (held && other) {
      this.sync.forgetLock(); // taken over: never take it back behind the supervisor's back
      this.#update({ lock, takenOverBy: other });
      return;
    }
    this.#update({ lock, lockedBy: other ?? (lock ? null : this.#state.lockedBy) });
    // The holder left: the grader who was waiting gets the copy.
    if (!lock && this.#state.lockedBy !== null && this.#state.mayWrite && this.#state.takenOverBy === null && !this.opts.claim) void this.#tryLock();
  }

  #onConnectionChange = (): void => this.#update({ connected: this.#socket.connected });

  #onAwareness = (msg: ServerPayload<"copy:awareness">): void => {
    if (msg.copyId !== this.copyId) return;
    const state = presenceFromMessage(msg); // identity from the server's stamp, not from the state
    if (!state) return;
    const isNew = !this.#peers.has(state.userId) && !state.leaving;
    if (this.#peers.apply(state)) this.#update({ peers: this.#peers.list, elsewhere: this.#peers.elsewhere });
    if (isNew) this.#announce(); // so the newcomer sees us at once
  };

  #announce(leaving = false): void {
    if (this.#quiet) return; // joined ahead: not there yet for the others
    const { id, displayName, role } = this.me;
    this.sync.sendAwareness(encodePresence({ userId: id, displayName, role, page: this.#page, leaving }));
  }

  #update(patch: Partial<CopySessionState>): void {
    const next = { ...this.#state, ...patch };
    // Stored edits that cannot go now: left stored at a read-only join, refused because the copy is
    // not writable any more, or restored while someone else holds the lock.
    const blocked = this.#restored && (next.lockedBy !== null || next.takenOverBy !== null) ? next.pending : 0;
    next.unsent = this.sync.stranded + this.#keptAfterRefusal + blocked;
    this.#state = next;
    this.dispatchEvent(new Event("change"));
  }
}

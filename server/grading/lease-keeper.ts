// The holder's connection is the heartbeat: this node renews the leases of the locks held by
// connections it serves (every lease/3), keeps renewing through a short grace period after the
// last of them goes away (a page reload, a network blip), then releases. A lock this node no
// longer finds under the same holder (taken over, released elsewhere) is forgotten. Releases
// due together (a classroom's Wi-Fi dropping ends many graces at once) go in one statement.
import type { Logger } from "pino";
import { KeyedBatcher } from "./keyed-batcher.ts";
import type { LockService } from "./lock-service.ts";

interface Holding {
  readonly copyId: string;
  readonly examId: string;
  readonly userId: string;
  readonly connections: Set<string>;
  grace: NodeJS.Timeout | null;
  /** bumped by hold(): a renewal that started before must not drop a fresh holding */
  generation: number;
}

export interface LeaseKeeperOptions {
  readonly leaseSec: number;
  readonly graceSec: number;
  readonly log: Logger;
  /** the lock was released here after the grace period */
  readonly onReleased: (copyId: string, examId: string) => void;
  /** the lock was found gone or held by someone else at renewal */
  readonly onLost: (copyId: string, examId: string, userId: string) => void;
}

const key = (copyId: string, userId: string) => `${copyId}|${userId}`;

/** How long a release waits for others due with it: nobody waits on it but the room's next grader, told a tenth of a second later. */
const RELEASE_GATHER_MS = 100;

export class LeaseKeeper {
  readonly #holdings = new Map<string, Holding>();
  readonly #timer: NodeJS.Timeout;
  #renewing = false;

  constructor(
    private readonly locks: LockService,
    private readonly opts: LeaseKeeperOptions,
  ) {
    this.#timer = setInterval(() => void this.renewAll(), Math.max(250, (opts.leaseSec * 1000) / 3));
    this.#timer.unref();
  }

  /** After a successful acquire or takeover by this connection. */
  hold(copyId: string, examId: string, userId: string, connectionId: string): void {
    const k = key(copyId, userId);
    const h = this.#holdings.get(k) ?? { copyId, examId, userId, connections: new Set<string>(), grace: null, generation: 0 };
    h.connections.add(connectionId);
    h.generation++;
    if (h.grace) clearTimeout(h.grace);
    h.grace = null;
    this.#holdings.set(k, h);
  }

  /** After an explicit unlock, or when another user now holds the copy. */
  forget(copyId: string, userId: string): void {
    const h = this.#holdings.get(key(copyId, userId));
    if (h?.grace) clearTimeout(h.grace);
    this.#holdings.delete(key(copyId, userId));
  }

  /** Does this node hold the copy for this user (connected or in grace)? */
  holds(copyId: string, userId: string): boolean {
    return this.#holdings.has(key(copyId, userId));
  }

  /**
   * A connection stops using a copy: `grace` after a disconnect, immediate release after an
   * explicit leave. Other connections of the same user on this node keep the lock.
   */
  connectionLeft(copyId: string, userId: string, connectionId: string, grace: boolean): void {
    const h = this.#holdings.get(key(copyId, userId));
    if (!h || !h.connections.delete(connectionId) || h.connections.size > 0) return;
    if (!grace || this.opts.graceSec === 0) return void this.#release(h);
    h.grace ??= setTimeout(() => void this.#release(h), this.opts.graceSec * 1000);
  }

  async renewAll(): Promise<void> {
    if (this.#renewing || this.#holdings.size === 0) return;
    this.#renewing = true;
    const snapshot = [...this.#holdings.values()].map((h) => ({ h, generation: h.generation }));
    try {
      const held = await this.locks.renew(snapshot.map(({ h }) => ({ copyId: h.copyId, userId: h.userId })));
      for (const { h, generation } of snapshot) {
        const k = key(h.copyId, h.userId);
        if (held.has(k) || h.generation !== generation || this.#holdings.get(k) !== h) continue;
        this.forget(h.copyId, h.userId);
        this.opts.onLost(h.copyId, h.examId, h.userId);
      }
    } catch (e) {
      this.opts.log.warn({ err: e }, "lock lease renewal failed; retrying at the next tick");
    } finally {
      this.#renewing = false;
    }
  }

  /** Stops renewing; the leases run out by themselves (clients reclaim them on another node). */
  stop(): void {
    clearInterval(this.#timer);
    for (const h of this.#holdings.values()) if (h.grace) clearTimeout(h.grace);
    this.#holdings.clear();
  }

  /**
   * The releases due within RELEASE_GATHER_MS (the graces a mass disconnect started end over a few
   * tens of milliseconds, one I/O turn each on a loaded node) go in one statement, and their
   * broadcasts' blind-marker lookups in one query.
   */
  readonly #releases = new KeyedBatcher<string, boolean>(
    async (keys) => {
      const freed = await this.locks.releaseHeldHere(
        keys.map((k) => {
          const [copyId, userId] = k.split("|") as [string, string];
          return { copyId, userId };
        }),
      );
      return new Map(keys.map((k) => [k, freed.has(k)]));
    },
    { gatherMs: RELEASE_GATHER_MS },
  );

  async #release(h: Holding): Promise<void> {
    const k = key(h.copyId, h.userId);
    if (this.#holdings.get(k) !== h || h.connections.size > 0) return; // reclaimed meanwhile
    this.#holdings.delete(k);
    try {
      if (await this.#releases.get(k.toLowerCase())) this.opts.onReleased(h.copyId, h.examId); // the rows' uuids come back in lower case
    } catch (e) {
      this.opts.log.warn({ err: e, copyId: h.copyId }, "lock release failed; the lease will expire");
    }
  }
}

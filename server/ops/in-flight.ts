// What a node is still handling: the socket events it must acknowledge, the HTTP requests it must
// answer. A node shutting down (a rolling upgrade's SIGTERM) stops taking new ones — a socket event
// is refused with UNAVAILABLE and sent again by the client to the node it reconnects to, the HTTP
// listener is closed — and waits for these to answer before it closes the connections: otherwise an
// answer was lost with its connection, e.g. a finalize committed whose grader waited in vain (seen
// in the soak: one finalize in ~1,650, at a restart). tests/integration/shutdown-drain.test.ts
export class InFlight {
  #count = 0;
  #closing = false;
  #idle: Array<() => void> = [];

  /** true once draining started: new events are refused */
  get closing(): boolean {
    return this.#closing;
  }

  get count(): number {
    return this.#count;
  }

  enter(): void {
    this.#count++;
  }

  leave(): void {
    this.#count = Math.max(0, this.#count - 1);
    if (this.#count === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  /** Refuses new events from now on; resolves true when none is in flight, false after `ms` with some still running. */
  drain(ms: number): Promise<boolean> {
    this.#closing = true;
    if (this.#count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#idle = this.#idle.filter((r) => r !== done);
        resolve(false);
      }, ms);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.#idle.push(done);
    });
  }
}

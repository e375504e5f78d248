// The watcher levels' writers (bench:load), in a process of their own. One writer per room makes 5
// pen strokes a second into its own Y.Doc, which grows all level long: 100 of them kept the process
// that timestamps the watchers' deliveries mark-compacting every few seconds, and a supervisor's
// screen does not hold the graders' documents. The parent (load.ts) forks this file per level and
// speaks to it over IPC; both sides time with monoMs() (load-clients.ts), a clock shared between
// processes.
//   { type: "open", system, url, origin, seats } → { type: "opened" }: one writer per seat, one after another
//   { type: "send", ms, rate, ids }              → { type: "sent", created }: each edit's [id, monoMs()]
//   { type: "close" }                            → { type: "closed" }, then the child exits
// A request that fails is answered { type: "error", message }; an uncaught error too, and the child exits 1.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { korrigoClient, type LoadClient, monoMs, peerClient, type Seat } from "./load-clients.ts";

const SELF = fileURLToPath(import.meta.url);
const CHILD_FLAG = "--writers-child";
/** generous: 100 writers joining one after another on a machine loaded by the servers under test */
const REQUEST_TIMEOUT_MS = 120_000;

/** Which system the writers write to: Korrigo (CopySync: join, lock, ack after commit) or the bare Socket.IO peer. */
export interface WriterTarget {
  system: "korrigo" | "peer";
  url: string;
  /** the Origin header Korrigo checks (unused by the peer) */
  origin: string;
}

type Request = ({ type: "open"; seats: Seat[] } & WriterTarget) | { type: "send"; ms: number; rate: number; ids: string[][] } | { type: "close" };
type Answer = { type: "opened" } | { type: "sent"; created: Array<[id: string, atMs: number]> } | { type: "closed" } | { type: "error"; message: string };

/** The parent's handle on a writer process: one request at a time, each answered or rejected (never left hanging). */
export interface Writers {
  /** opens one writer per seat (seat i is room i's writer) */
  open(target: WriterTarget, seats: Seat[]): Promise<void>;
  /**
   * Runs the rooms' edits for `ms`: writer i waits (i / writers) of a period (the rooms' edits spread
   * over it), then makes a pen stroke every 1000 / rate ms, each named by the next of ids[i].
   * Resolves with every edit made and its monoMs() time (taken right after the edit, as before).
   */
  send(ms: number, rate: number, ids: string[][]): Promise<Map<string, number>>;
  /** closes the writers' sockets; the process exits */
  close(): Promise<void>;
  /** SIGKILL if the process is still alive (an error on the way) */
  kill(): void;
}

export function forkWriters(): Writers {
  const child: ChildProcess = fork(SELF, [CHILD_FLAG], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  /** an error the child reported while no request was waiting (the next request gets it) */
  let failure: Error | null = null;
  /** the request in flight: its expected answer, and how to settle it (once) */
  let pending: { request: Request["type"]; answer: Answer["type"]; settle: (outcome: Answer | Error) => void } | null = null;
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const fail = (e: Error) => (pending ? pending.settle(e) : (failure = e));
  child.on("message", (m: Answer) => {
    if (m.type === "error") fail(new Error(`load writers: ${m.message}`));
    else if (pending && m.type === pending.answer) pending.settle(m);
  });
  child.on("exit", (code, signal) =>
    pending?.settle(new Error(`load writers: the process stopped (${signal ?? `exit ${code}`}) before answering "${pending.request}"`)),
  );
  child.on("error", fail); // a fork that failed or a send on a closed channel

  const request = (req: Request, answer: Answer["type"]): Promise<Answer> => {
    if (pending) return Promise.reject(new Error("load writers: one request at a time"));
    if (failure) return Promise.reject(failure);
    if (exited()) return Promise.reject(new Error(`load writers: the process has exited (${child.signalCode ?? child.exitCode})`));
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => settle(new Error(`load writers: no answer to "${req.type}" within ${REQUEST_TIMEOUT_MS / 1000} s`)), REQUEST_TIMEOUT_MS);
      const settle = (outcome: Answer | Error) => {
        pending = null; // a failed send and the exit that follows it: the second finds nothing to settle
        clearTimeout(timer);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      pending = { request: req.type, answer, settle };
      child.send(req, (e) => {
        if (e) fail(e);
      });
    });
  };

  return {
    async open(target, seats) {
      await request({ type: "open", ...target, seats }, "opened");
    },
    async send(ms, rate, ids) {
      const m = await request({ type: "send", ms, rate, ids }, "sent");
      return new Map(m.type === "sent" ? m.created : []);
    },
    async close() {
      const gone = exited() ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));
      await request({ type: "close" }, "closed");
      await gone;
    },
    kill() {
      if (!exited()) child.kill("SIGKILL");
    },
  };
}

// ---- the child

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function child(): Promise<void> {
  let writers: LoadClient[] = [];
  const answer = (m: Answer, then?: () => void): void => {
    process.send!(m, undefined, {}, then);
  };
  const fail = (e: unknown) => {
    // report, then exit non-zero: the parent's pending request rejects on the message or on the exit
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
    if (process.connected) process.send!({ type: "error", message } satisfies Answer, () => process.exit(1));
    else process.exit(1);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  process.on("disconnect", () => process.exit(0)); // the parent is gone: never linger

  const handle = async (req: Request): Promise<void> => {
    switch (req.type) {
      case "open": {
        const { system, url, origin } = req;
        for (const seat of req.seats) {
          // one after another, as in one process: a join storm of writers taking their locks is not what is measured
          writers.push(system === "korrigo" ? await korrigoClient(url, origin, seat, { write: true }) : await peerClient(url, seat));
        }
        return answer({ type: "opened" });
      }
      case "send": {
        const { ms, rate, ids } = req;
        if (ids.length !== writers.length) throw new Error(`${ids.length} id lists for ${writers.length} writers`);
        const created: Array<[string, number]> = [];
        const stop = Date.now() + ms;
        await Promise.all(
          writers.map(async (w, i) => {
            const mine = ids[i]!;
            let next = 0;
            await sleep((i / writers.length) * (1000 / rate));
            while (Date.now() < stop) {
              const id = mine[next++];
              if (id === undefined) throw new Error(`writer ${i} used up its ${mine.length} ids within ${ms} ms`);
              w.edit("pen", id);
              created.push([id, monoMs()]);
              await sleep(1000 / rate);
            }
          }),
        );
        return answer({ type: "sent", created });
      }
      case "close": {
        for (const w of writers) w.close();
        writers = [];
        return answer({ type: "closed" }, () => process.exit(0));
      }
    }
  };
  process.on("message", (req: Request) => {
    handle(req).catch((e: unknown) => answer({ type: "error", message: e instanceof Error ? e.message : String(e) }));
  });
}

if (process.argv[2] === CHILD_FLAG) await child();

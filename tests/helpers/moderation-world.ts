// Moderation tests' plumbing: users signed in over HTTP (a cookie jar with its CSRF token, and a
// socket on the same session), and a recorder of everything one user receives (HTTP bodies, acks,
// socket events), read as text with binary payloads (Yjs updates) decoded as latin1, so a first
// layer's annotation id, comment or name is found wherever it would hide.
import type { Socket } from "socket.io-client";
import type { Role } from "../../server/db/client.ts";
import { createUser } from "./factories.ts";
import { openSocket } from "./grading-fixture.ts";
import { request } from "./grading-session.ts";
import { TestClient } from "./http-client.ts";
import type { TestDatabase } from "./test-db.ts";

export interface Person {
  id: string;
  displayName: string;
  http: TestClient;
  cookie: string;
}

export async function person(tdb: TestDatabase, baseUrl: string, role: Role): Promise<Person> {
  const u = await createUser(tdb.db, role);
  const http = new TestClient(baseUrl);
  const r = await http.login(u.username, u.password);
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status}`);
  return { id: u.id, displayName: u.displayName, http, cookie: http.cookieHeader };
}

function text(v: unknown): string {
  return JSON.stringify(v, (_k, x) => {
    if (x instanceof ArrayBuffer) return Buffer.from(x).toString("latin1");
    if (ArrayBuffer.isView(x)) return Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString("latin1");
    if (x && typeof x === "object" && (x as { type?: string }).type === "Buffer" && Array.isArray((x as { data?: unknown }).data))
      return Buffer.from((x as { data: number[] }).data).toString("latin1");
    return x;
  });
}

/** Everything one person receives, as text. */
export class Recorder {
  readonly seen: string[] = [];

  watch(socket: Socket): Socket {
    socket.onAny((event: string, ...args: unknown[]) => this.seen.push(`${event} ${text(args)}`));
    return socket;
  }

  async get(p: Person, url: string) {
    const r = await p.http.get(url);
    this.seen.push(`GET ${url} ${text(r.body)}`);
    return r;
  }

  async post(p: Person, url: string, json: unknown = {}) {
    const r = await p.http.post(url, json);
    this.seen.push(`POST ${url} ${text(r.body)}`);
    return r;
  }

  async ask<T = any>(socket: Socket, event: string, payload: unknown): Promise<T> {
    const ack = await request<T>(socket, event, payload);
    this.seen.push(`ack ${event} ${text(ack)}`);
    return ack;
  }

  /** The needles found in what was received; a number counts only as a number of its own (5.5 is not in "08:41:05.512Z" nor in 15.5) */
  leaks(needles: readonly string[]): string[] {
    const all = this.seen.join("\n");
    return needles.filter((n) => (/^\d+(\.\d+)?$/.test(n) ? new RegExp(`(?<![\\d.])${n.replace(".", "\\.")}(?![\\d])`).test(all) : all.includes(n)));
  }
}

export async function socketOf(baseUrl: string, p: Person, rec?: Recorder): Promise<Socket> {
  const s = await openSocket(baseUrl, { cookie: p.cookie });
  return rec ? rec.watch(s) : s;
}

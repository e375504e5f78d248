// The scan upload queue without a browser: cancelling a file aborts its request and the other
// files of that request are sent again; "cancel all" stops everything; once a request has sent
// all its bytes it can no longer be cancelled (the server will store it). XMLHttpRequest and the
// CSRF token fetch are faked.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cancelAll, cancelFile, cancellable, sendAll, type QueueControl, type QueuedFile } from "../../../client/src/components/intake/upload-queue.ts";

class FakeXhr {
  static all: FakeXhr[] = [];
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  responseType = "";
  status = 0;
  response: unknown = null;
  sent: FormData | null = null;
  aborted = false;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  constructor() {
    FakeXhr.all.push(this);
  }
  open() {}
  setRequestHeader() {}
  getResponseHeader() {
    return null;
  }
  send(form: FormData) {
    this.sent = form;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  names(): string[] {
    return this.sent!.getAll("files").map((f) => (f as File).name);
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.response = body;
    this.onload?.();
  }
}

const realFetch = globalThis.fetch;
const realXhr = (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest;
beforeEach(() => {
  FakeXhr.all = [];
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = FakeXhr;
  globalThis.fetch = (async () => new Response(JSON.stringify({ csrfToken: "t" }), { headers: { "Content-Type": "application/json" } })) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = realXhr;
});

const file = (name: string, size = 1000) => new File([new Uint8Array(size)], name, { type: "application/pdf" });
const queueOf = (...names: string[]): QueuedFile[] => names.map((n, key) => ({ key, file: file(n), status: "waiting", progress: 0 }));
const fields = { mode: "PER_COPY" as const };
const batch = (name: string) => ({ id: `b-${name}`, originalName: name });

/** Resolves when a new request has been sent. */
async function nextRequest(count: number): Promise<FakeXhr> {
  while (FakeXhr.all.length < count || !FakeXhr.all[count - 1]!.sent) await new Promise((r) => setTimeout(r, 1));
  return FakeXhr.all[count - 1]!;
}

describe("cancelling uploads", () => {
  it("aborts the request of a cancelled file and sends the other files of that request again", async () => {
    const queue = queueOf("a.pdf", "b.pdf");
    const control: QueueControl = { aborted: false, upload: null };
    const done = sendAll("exam", fields, queue, () => {}, control);
    const first = await nextRequest(1);
    expect(first.names()).toEqual(["a.pdf", "b.pdf"]);
    first.progress(500, 2000);
    expect(cancellable(queue)).toBe(true);
    cancelFile(queue[0]!, control);
    expect(first.aborted).toBe(true);

    const second = await nextRequest(2);
    expect(second.names()).toEqual(["b.pdf"]);
    second.answer(202, { batches: [batch("b.pdf")] });
    expect(await done).toBeNull();
    expect(queue.map((f) => [f.file.name, f.status])).toEqual([
      ["a.pdf", "cancelled"],
      ["b.pdf", "sent"],
    ]);
  });

  it("skips a cancelled waiting file without touching the request in flight", async () => {
    const queue = queueOf("a.pdf", "b.pdf");
    queue[0]!.alone = true; // two requests: a, then b
    const control: QueueControl = { aborted: false, upload: null };
    const done = sendAll("exam", fields, queue, () => {}, control);
    const first = await nextRequest(1);
    cancelFile(queue[1]!, control);
    expect(first.aborted).toBe(false);
    first.answer(202, { batches: [batch("a.pdf")] });
    expect(await done).toBeNull();
    expect(FakeXhr.all).toHaveLength(1);
    expect(queue.map((f) => f.status)).toEqual(["sent", "cancelled"]);
  });

  it("cancels everything at once: the request in flight and the files waiting", async () => {
    const queue = queueOf("a.pdf", "b.pdf", "c.pdf");
    queue[2]!.alone = true;
    const control: QueueControl = { aborted: false, upload: null };
    const done = sendAll("exam", fields, queue, () => {}, control);
    const first = await nextRequest(1);
    first.progress(10, 2000);
    cancelAll(queue, control);
    expect(first.aborted).toBe(true);
    expect(await done).toBeNull();
    expect(FakeXhr.all).toHaveLength(1);
    expect(queue.map((f) => f.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
  });

  it("cannot cancel a request whose bytes are all sent: the server is storing it", async () => {
    const queue = queueOf("a.pdf");
    const control: QueueControl = { aborted: false, upload: null };
    const done = sendAll("exam", fields, queue, () => {}, control);
    const first = await nextRequest(1);
    first.progress(1000, 1000);
    expect(cancellable(queue)).toBe(false);
    cancelAll(queue, control);
    expect(first.aborted).toBe(false);
    first.answer(202, { batches: [batch("a.pdf")] });
    expect(await done).toBeNull();
    expect(queue[0]!.status).toBe("sent");
  });
});

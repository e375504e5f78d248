import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { LOCAL_ORIGIN, REDIS_ORIGIN, SERVER_ORIGIN, isLocalEdit, needsFanOut, needsPersist, remoteOrigin, setScore } from "../../../collab/index.ts";
import { newPeer } from "./collab-fixtures.ts";

describe("transaction origins", () => {
  it("route each update once: clients send local edits, servers store and fan out what is not from redis", () => {
    const remote = remoteOrigin("socket-1");
    expect(remote).toEqual({ source: "remote", socketId: "socket-1" });
    expect([LOCAL_ORIGIN, remote, SERVER_ORIGIN, REDIS_ORIGIN].map(isLocalEdit)).toEqual([true, false, false, false]);
    expect([LOCAL_ORIGIN, remote, SERVER_ORIGIN, REDIS_ORIGIN].map(needsPersist)).toEqual([false, true, true, false]);
    expect([LOCAL_ORIGIN, remote, SERVER_ORIGIN, REDIS_ORIGIN].map(needsFanOut)).toEqual([false, true, true, false]);
  });

  it("treats undo/redo (the UndoManager is its own origin) as a local edit to send", () => {
    const doc = newPeer(1);
    const undo = new Y.UndoManager(doc.getMap("scores"), { trackedOrigins: new Set([LOCAL_ORIGIN]) });
    const sent: unknown[] = [];
    doc.on("update", (_u: Uint8Array, origin: unknown) => {
      if (isLocalEdit(origin)) sent.push(origin);
    });
    setScore(doc, "q1", 2);
    undo.undo();
    expect(doc.getMap("scores").has("q1")).toBe(false);
    expect(sent).toEqual([LOCAL_ORIGIN, undo]);
  });
});

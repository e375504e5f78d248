// Shared test fixtures for collab/: a scale, valid annotations, peers and update capture.
import * as Y from "yjs";
import type { Annotation, ScaleSpec } from "../../../collab/index.ts";

export const SCALE: ScaleSpec = {
  questions: [
    { id: "q1", maxPoints: 4, label: "Exercice 1" },
    { id: "q2", maxPoints: 2.5 },
    { id: "q3", maxPoints: 10 },
  ],
};

let seq = 0;
export function penAnnotation(overrides: Partial<Annotation> = {}): Annotation {
  seq++;
  return {
    id: `pen-${seq}`,
    page: 0,
    kind: "pen",
    points: [0.1, 0.1, 0.2, 0.25, 0.3, 0.4],
    pressures: [0.5, 0.6, 0.7],
    color: "#d00000",
    width: 0.004,
    author: "user-1",
    createdAt: 1_700_000_000_000 + seq,
    ...overrides,
  } as Annotation;
}

export function textAnnotation(overrides: Partial<Annotation> = {}): Annotation {
  seq++;
  return {
    id: `text-${seq}`,
    page: 1,
    kind: "text",
    box: { x: 0.5, y: 0.5, w: 0.3, h: 0.1 },
    text: "Bien, mais justifier",
    color: "#0000ff",
    width: 0.002,
    author: "user-2",
    createdAt: 1_700_000_000_000 + seq,
    ...overrides,
  } as Annotation;
}

/** A doc whose client id is fixed, so runs are reproducible. */
export function newPeer(clientID: number, state?: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  if (state !== undefined) Y.applyUpdate(doc, state);
  return doc;
}

/** The one update produced by `edit` on `doc` (edits are wrapped in one transaction). */
export function captureUpdate(doc: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array) => updates.push(update);
  doc.on("update", listener);
  try {
    doc.transact(() => edit(doc));
  } finally {
    doc.off("update", listener);
  }
  if (updates.length !== 1) throw new Error(`expected one update, got ${updates.length}`);
  return updates[0] as Uint8Array;
}

// Property: random valid edits from 2–4 peers, exchanged in random orders with duplicates,
// converge to identical content and fingerprint; and every update a peer makes passes
// both validators, checked in creation order as a server would receive them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  ANNOTATION_KINDS,
  ValidatedCopyDoc,
  addAnnotation,
  annotationsOf,
  docContentFingerprint,
  generalOf,
  isLocalEdit,
  readAnnotations,
  readCopyDoc,
  remoteOrigin,
  removeAnnotation,
  setComment,
  setScore,
  stateFingerprint,
  updateAnnotation,
  validateUpdate,
  type Annotation,
  type Box,
} from "../../../collab/index.ts";
import { SCALE, newPeer } from "./collab-fixtures.ts";

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const pointsArb = fc.array(fc.tuple(unit, unit), { minLength: 1, maxLength: 8 }).map((pairs) => pairs.flat());
// w = a·(1−x) keeps x + w ≤ 1
const boxArb: fc.Arbitrary<Box> = fc.tuple(unit, unit, unit, unit).map(([x, y, a, b]) => ({ x, y, w: a * (1 - x), h: b * (1 - y) }));
const textArb = fc.string({ maxLength: 12, unit: "grapheme" });

const annotationArb = fc.record({
  kind: fc.constantFrom(...ANNOTATION_KINDS),
  page: fc.nat({ max: 5 }),
  points: pointsArb,
  withPressures: fc.boolean(),
  box: boxArb,
  text: textArb,
  color: fc.constantFrom("#000000", "#ff0000", "#00aa00"),
  width: fc.double({ min: 0.001, max: 0.05, noNaN: true }),
  createdAt: fc.nat(),
  question: fc.nat(),
});

type Op =
  | { t: "add"; peer: number; ann: AnnotationInput }
  | { t: "move"; peer: number; pick: number; points: number[]; box: Box }
  | { t: "remove"; peer: number; pick: number }
  | { t: "score"; peer: number; q: number; fraction: number | null }
  | { t: "comment"; peer: number; q: number; text: string }
  | { t: "insert"; peer: number; at: number; text: string }
  | { t: "erase"; peer: number; at: number; len: number }
  | { t: "deliver"; peer: number; picks: number[] };
type AnnotationInput = typeof annotationArb extends fc.Arbitrary<infer T> ? T : never;

const peerArb = fc.nat({ max: 3 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant("add" as const), peer: peerArb, ann: annotationArb }),
  fc.record({ t: fc.constant("move" as const), peer: peerArb, pick: fc.nat(), points: pointsArb, box: boxArb }),
  fc.record({ t: fc.constant("remove" as const), peer: peerArb, pick: fc.nat() }),
  fc.record({ t: fc.constant("score" as const), peer: peerArb, q: fc.nat(), fraction: fc.option(unit) }),
  fc.record({ t: fc.constant("comment" as const), peer: peerArb, q: fc.nat(), text: textArb }),
  fc.record({ t: fc.constant("insert" as const), peer: peerArb, at: unit, text: textArb }),
  fc.record({ t: fc.constant("erase" as const), peer: peerArb, at: unit, len: fc.nat({ max: 6 }) }),
  fc.record({ t: fc.constant("deliver" as const), peer: peerArb, picks: fc.array(fc.nat(), { maxLength: 6 }) }),
);

function toAnnotation(input: AnnotationInput, id: string, author: string): Annotation {
  const common = { id, page: input.page, color: input.color, width: input.width, author, createdAt: input.createdAt };
  switch (input.kind) {
    case "pen":
    case "highlight":
      return input.withPressures
        ? { ...common, kind: input.kind, points: input.points, pressures: input.points.filter((_, i) => i % 2 === 0) }
        : { ...common, kind: input.kind, points: input.points };
    case "text":
      return { ...common, kind: "text", box: input.box, text: input.text };
    case "stamp":
      return input.withPressures ? { ...common, kind: "stamp", box: input.box, text: input.text } : { ...common, kind: "stamp", box: input.box };
    case "mark":
      return { ...common, kind: "mark", box: input.box, questionId: SCALE.questions[input.question % SCALE.questions.length]!.id };
    default:
      return { ...common, kind: input.kind, box: input.box };
  }
}

function applyOp(peers: Y.Doc[], log: Uint8Array[], op: Op, counter: number): void {
  const doc = peers[op.peer % peers.length] as Y.Doc;
  const question = SCALE.questions[("q" in op ? op.q : 0) % SCALE.questions.length]!;
  const existing = readAnnotations(doc);
  const target = "pick" in op && existing.length > 0 ? existing[op.pick % existing.length] : undefined;
  const general = generalOf(doc);
  switch (op.t) {
    case "add":
      addAnnotation(doc, toAnnotation(op.ann, `a${doc.clientID}-${counter}`, `user-${doc.clientID}`));
      return;
    case "move":
      if (target === undefined) return;
      updateAnnotation(doc, target.id, "points" in target ? { points: op.points, pressures: undefined } : { box: op.box });
      return;
    case "remove":
      if (target !== undefined) removeAnnotation(doc, target.id);
      return;
    case "score":
      setScore(doc, question.id, op.fraction === null ? null : op.fraction * question.maxPoints);
      return;
    case "comment":
      setComment(doc, question.id, op.text);
      return;
    case "insert":
      general.insert(Math.floor(op.at * general.length), op.text);
      return;
    case "erase": {
      const at = Math.floor(op.at * general.length);
      if (general.length > at) general.delete(at, Math.min(op.len, general.length - at));
      return;
    }
    case "deliver":
      if (log.length === 0) return;
      for (const pick of op.picks) Y.applyUpdate(doc, log[pick % log.length] as Uint8Array, remoteOrigin());
  }
}

describe("convergence of concurrent peers", () => {
  it("converges, and every update a peer makes is accepted", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4 }),
        fc.array(opArb, { minLength: 1, maxLength: 40 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 200 }),
        (peerCount, ops, order) => {
          const peers = Array.from({ length: peerCount }, (_, i) => newPeer(i + 1));
          const log: Uint8Array[] = [];
          let serverState: Uint8Array | null = null;
          const server = ValidatedCopyDoc.load(null, SCALE);
          for (const doc of peers) {
            doc.on("update", (update: Uint8Array, origin: unknown) => {
              if (!isLocalEdit(origin)) return;
              log.push(update);
              // creation order respects causality: the server never lacks a dependency
              expect(validateUpdate(serverState, update, SCALE)).toEqual({ ok: true });
              expect(server.tryApply(update)).toEqual({ ok: true });
              serverState = serverState === null ? update : Y.mergeUpdates([serverState, update]);
            });
          }
          ops.forEach((op, i) => applyOp(peers, log, op, i));

          const rank = (i: number) => order[i % Math.max(order.length, 1)] ?? 0;
          for (const doc of peers) {
            const shuffled = log.map((u, i) => ({ u, k: rank(i + doc.clientID) })).sort((a, b) => a.k - b.k);
            for (const { u } of [...shuffled, ...shuffled.slice(0, 3)]) Y.applyUpdate(doc, u, remoteOrigin());
          }

          const expected = readCopyDoc(peers[0] as Y.Doc);
          const fingerprint = docContentFingerprint(peers[0] as Y.Doc);
          for (const doc of peers) {
            expect(readCopyDoc(doc)).toEqual(expected);
            expect(docContentFingerprint(doc)).toBe(fingerprint);
            expect(annotationsOf(doc).size).toBe(expected.annotations.length); // nothing skipped as invalid
          }
          expect(docContentFingerprint(server.doc)).toBe(fingerprint);
          if (serverState !== null) expect(stateFingerprint(serverState)).toBe(fingerprint);
          server.destroy();
        },
      ),
      { numRuns: 150 },
    );
  });
});

// The grader desk's logic without a browser: page geometry, score entry, the save status, shortcuts,
// presence, the next copy, undo of one's own changes on a local Y.Doc (the desk's model), and the
// question marks placed on the page (which question, which text).
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addAnnotation, annotationsOf, LOCAL_ORIGIN, newAnnotationId, readAnnotations, remoteOrigin, scoresOf, setScore } from "../../../collab/index.ts";
import { nextCopyToGrade, type GraderCopy } from "../../../client/src/api/grading.ts";
import {
  boxAround,
  frameOf,
  hitTest,
  normalizedBox,
  screenSize,
  simplifyStroke,
  toNormalized,
  transformPoints,
  viewportMatrix,
  type Rotation,
} from "../../../client/src/desk/geometry.ts";
import { placeForQuestion } from "../../../client/src/desk/keyboard-place.ts";
import { markTarget, markText } from "../../../client/src/desk/margin-mark.ts";
import { fitScale } from "../../../client/src/desk/view-mode.ts";
import { saveStatus } from "../../../client/src/desk/save-status.ts";
import { formatScore, parseScore, sumScores } from "../../../client/src/desk/score-format.ts";
import { matchShortcut } from "../../../client/src/desk/shortcuts.ts";
import { decodePresence, encodePresence, EXPIRE_MS, PeerList } from "../../../client/src/realtime/presence.ts";

const A4 = frameOf(595, 842);
const key = (k: string, mods: Partial<Record<"ctrlKey" | "metaKey" | "shiftKey" | "altKey", boolean>> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe("page geometry", () => {
  it("maps the page's corners to the screen for every view rotation", () => {
    const s = 0.8; // px per page unit
    const { width: W, height: H } = screenSize(A4, s, 0);
    const corners = [0, 0, 1000, 0, 1000, A4.unitsH, 0, A4.unitsH]; // TL, TR, BR, BL in page units
    const expected: Record<Rotation, number[]> = {
      0: [0, 0, W, 0, W, H, 0, H],
      90: [H, 0, H, W, 0, W, 0, 0], // turned clockwise: the top-left corner goes to the top-right
      180: [W, H, 0, H, 0, 0, W, 0],
      270: [0, W, 0, 0, H, 0, H, W],
    };
    for (const r of [0, 90, 180, 270] as Rotation[]) {
      expect(
        transformPoints(corners, viewportMatrix(A4, s, r)).map((v) => Math.round(v * 1000) / 1000),
        `rotation ${r}`,
      ).toEqual(expected[r].map((v) => Math.round(v * 1000) / 1000));
    }
    expect(screenSize(A4, s, 90)).toEqual({ width: H, height: W });
  });

  it("keeps boxes and points inside the page, as the schema requires", () => {
    expect(toNormalized(A4, -20, A4.unitsH + 5)).toEqual([0, 1]);
    const b = normalizedBox(A4, 980, 10, 100, 50); // runs off the right edge
    expect(b.x + b.w).toBeLessThanOrEqual(1);
    expect(b.w).toBeCloseTo(0.1);
    const tick = boxAround(A4, 0.999, 0.5, 0.045);
    expect(tick.x + tick.w).toBeLessThanOrEqual(1);
    expect(tick.h * A4.unitsH).toBeCloseTo(tick.w * 1000); // square on paper
  });

  it("finds what the eraser touches", () => {
    const stroke = { id: "s", page: 0, kind: "pen" as const, points: [0.1, 0.1, 0.3, 0.1], color: "#d32f2f", width: 0.003, author: "u", createdAt: 1 };
    expect(hitTest(A4, stroke, 0.2, 0.1 + 3 / A4.unitsH, 5)).toBe(true);
    expect(hitTest(A4, stroke, 0.2, 0.2, 5)).toBe(false);
    const box = {
      id: "b",
      page: 0,
      kind: "tick" as const,
      box: { x: 0.5, y: 0.5, w: 0.05, h: 0.03 },
      color: "#d32f2f",
      width: 0.004,
      author: "u",
      createdAt: 1,
    };
    expect(hitTest(A4, box, 0.52, 0.51, 2)).toBe(true);
    expect(hitTest(A4, box, 0.6, 0.51, 2)).toBe(false);
  });

  it("thins a still pen's samples but keeps the last point", () => {
    const r = simplifyStroke([0, 0, 0.1, 0, 0.2, 0, 5, 0, 5.1, 0], [0.1, 0.2, 0.3, 0.4, 0.5], 1);
    expect(r.points).toEqual([0, 0, 5, 0, 5.1, 0]);
    expect(r.pressures).toEqual([0.1, 0.4, 0.5]);
  });
});

describe("score entry", () => {
  it("reads French and English decimals and enforces the bounds", () => {
    expect(parseScore("1,5", 2)).toEqual({ ok: true, value: 1.5 });
    expect(parseScore(" 0.25 ", 2)).toEqual({ ok: true, value: 0.25 });
    expect(parseScore("2", 2)).toEqual({ ok: true, value: 2 });
    expect(parseScore("", 2)).toEqual({ ok: true, value: null });
    expect(parseScore("2,5", 2)).toEqual({ ok: false, reason: "tooHigh" });
    expect(parseScore("-1", 2)).toEqual({ ok: false, reason: "negative" });
    expect(parseScore("1,234", 2)).toEqual({ ok: false, reason: "format" });
    expect(parseScore("deux", 2)).toEqual({ ok: false, reason: "format" });
  });

  it("writes scores the way the locale reads them, and sums without float dust", () => {
    expect(formatScore(5.25, "fr")).toBe("5,25");
    expect(formatScore(5.25, "en")).toBe("5.25");
    expect(formatScore(null, "fr")).toBe("");
    expect(sumScores({ a: 0.1, b: 0.2, c: null }, ["a", "b", "c", "missing"])).toBe(0.3);
  });

  it("formats French and English scores by hand exactly as Intl does (no ICU load on a cold desk)", () => {
    const values = [0, 0.5, 1, 1.005, 2.675, 12.345, 19.999, 20, 1234.5, 0.1 + 0.2, 1 / 3, 2 / 3, 99999.99];
    for (let k = 0; k <= 400; k++) values.push(k / 4, k / 100, k / 8);
    for (const v of [...values, ...values.filter((x) => x > 0).map((x) => -x)])
      for (const locale of ["fr", "en"]) {
        const intl = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false }).format(v);
        expect(`${v} ${locale} ${formatScore(v, locale)}`).toBe(`${v} ${locale} ${intl}`);
      }
    expect(formatScore(-0.001, "fr")).toBe("0"); // Intl writes "-0"
    expect(formatScore(1.5, "de")).toBe("1,5"); // any other locale: Intl
  });
});

describe("save status", () => {
  it("says saved only when the server acknowledged everything", () => {
    expect(saveStatus({ connected: true, joined: true, pending: 0 })).toEqual({ kind: "saved" });
    expect(saveStatus({ connected: true, joined: true, pending: 2 })).toEqual({ kind: "saving", pending: 2 });
    expect(saveStatus({ connected: true, joined: false, pending: 0 })).toEqual({ kind: "connecting" });
    expect(saveStatus({ connected: false, joined: false, pending: 3 })).toEqual({ kind: "offline", pending: 3 });
  });
});

describe("shortcuts", () => {
  it("maps keys to desk actions", () => {
    expect(matchShortcut(key("v"))).toEqual({ type: "tool", tool: "tick" });
    expect(matchShortcut(key("P", { shiftKey: true }))).toEqual({ type: "tool", tool: "pen" }); // Caps Lock or Shift: still the pen
    expect(matchShortcut(key("v", { altKey: true }))).toBeNull();
    expect(matchShortcut(key("z", { ctrlKey: true }))).toEqual({ type: "undo" });
    expect(matchShortcut(key("Z", { ctrlKey: true, shiftKey: true }))).toEqual({ type: "redo" });
    expect(matchShortcut(key("y", { metaKey: true }))).toEqual({ type: "redo" });
    expect(matchShortcut(key("?", { shiftKey: true }))).toEqual({ type: "help" });
    expect(matchShortcut(key("PageDown"))).toEqual({ type: "page", delta: 1 });
    expect(matchShortcut(key("m"))).toEqual({ type: "tool", tool: "mark" });
    expect(matchShortcut(key("q"))).toBeNull();
  });
});

describe("presence", () => {
  it("lists the others, not oneself, and forgets the silent and the leaving", () => {
    const peers = new PeerList("me");
    expect(peers.apply({ userId: "s", displayName: "Mme Lefèvre", role: "SUPERVISOR" }, 1000)).toBe(true);
    expect(peers.apply({ userId: "s", displayName: "Mme Lefèvre", role: "SUPERVISOR" }, 2000)).toBe(false);
    expect(peers.list.map((p) => p.userId)).toEqual(["s"]);
    expect(peers.expire(2000 + EXPIRE_MS + 1)).toBe(true);
    peers.apply({ userId: "s", displayName: "Mme Lefèvre", role: "SUPERVISOR" });
    expect(peers.apply({ userId: "s", displayName: "Mme Lefèvre", role: "SUPERVISOR", leaving: true })).toBe(true);
    expect(peers.list).toEqual([]);
  });

  it("a presence under one's own id is another tab of one's own: not a peer, but 'elsewhere', until it leaves or falls silent", () => {
    const peers = new PeerList("me");
    expect(peers.applyJoined({ userId: "me", displayName: "Moi", role: "GRADER", connections: 1 }, 0)).toBe(false);
    expect(peers.elsewhere).toBe(false);
    expect(peers.applyJoined({ userId: "me", displayName: "Moi", role: "GRADER", connections: 2 }, 0)).toBe(true);
    expect(peers.elsewhere).toBe(true);
    expect(peers.list).toEqual([]);
    expect(peers.apply({ userId: "me", displayName: "Moi", role: "GRADER", leaving: true }, 10)).toBe(true);
    expect(peers.elsewhere).toBe(false);
    expect(peers.apply({ userId: "me", displayName: "Moi", role: "GRADER" }, 20)).toBe(true);
    expect(peers.has("me")).toBe(true); // so the heartbeat does not answer it with a new announce each time
    expect(peers.expire(20 + EXPIRE_MS + 1)).toBe(true);
    expect(peers.elsewhere).toBe(false);
  });

  it("round-trips its wire form and ignores garbage", () => {
    const state = { userId: "u", displayName: "M. Martin", role: "GRADER", page: 3, leaving: false };
    expect(decodePresence(encodePresence(state))).toEqual(state);
    expect(decodePresence(new TextEncoder().encode("not json"))).toBeNull();
    expect(decodePresence(new TextEncoder().encode('{"userId":1}'))).toBeNull();
  });
});

describe("next copy", () => {
  const copy = (id: string, state: GraderCopy["state"], lock: GraderCopy["lock"] = null): GraderCopy => ({
    id,
    anonymousCode: id,
    state,
    pageCount: 2,
    scope: "copy",
    questionIds: [],
    myPartDone: false,
    myStatus: "todo",
    mark: null,
    lock,
    pdfUrl: `/api/copies/${id}/pdf`,
  });
  it("takes the next copy to grade after the current one, skipping graded ones and others' locks", () => {
    const copies = [
      copy("a", "READY"),
      copy("b", "GRADED"),
      copy("c", "READY", { holderName: "X", mine: false, expiresAt: "" }),
      copy("d", "READY"),
      copy("e", "READY", { holderName: "Me", mine: true, expiresAt: "" }),
    ];
    expect(nextCopyToGrade(copies, null)?.id).toBe("a");
    expect(nextCopyToGrade(copies, "a")?.id).toBe("d");
    expect(nextCopyToGrade(copies, "d")?.id).toBe("e");
    expect(nextCopyToGrade(copies, "e")?.id).toBe("a"); // wraps around
    expect(nextCopyToGrade([copy("a", "READY")], "a")).toBeNull();
  });

  it("skips the copies whose question range I finished (my part is done: a colleague finalizes them)", () => {
    const range = (id: string, myPartDone: boolean): GraderCopy => ({
      ...copy(id, "READY"),
      scope: "questions",
      questionIds: ["q1"],
      myPartDone,
      myStatus: myPartDone ? "partDone" : "todo",
    });
    const copies = [range("a", true), range("b", true), range("c", false)];
    expect(nextCopyToGrade(copies, null)?.id).toBe("c");
    expect(nextCopyToGrade(copies, "c")).toBeNull();
    expect(nextCopyToGrade([range("a", true), range("b", true)], null)).toBeNull();
    // a whole-copy grader's READY copy without the field stays to grade
    expect(nextCopyToGrade([range("a", true), copy("d", "READY")], "a")?.id).toBe("d");
  });
});

describe("undo on the copy's Y.Doc", () => {
  it("undoes and redoes one's own changes only, never a colleague's", () => {
    const doc = new Y.Doc();
    const undo = new Y.UndoManager([annotationsOf(doc), scoresOf(doc)], { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 });
    // A colleague's stroke arrives from the server.
    const other = new Y.Doc();
    addAnnotation(other, {
      id: newAnnotationId(),
      page: 0,
      kind: "pen",
      points: [0.1, 0.1, 0.2, 0.2],
      color: "#1565c0",
      width: 0.003,
      author: "colleague",
      createdAt: 1,
    });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), remoteOrigin());
    // Ours: a tick and a score.
    addAnnotation(doc, {
      id: newAnnotationId(),
      page: 0,
      kind: "tick",
      box: { x: 0.5, y: 0.5, w: 0.04, h: 0.03 },
      color: "#d32f2f",
      width: 0.004,
      author: "me",
      createdAt: 2,
    });
    setScore(doc, "q1", 1.5);
    undo.undo();
    expect(scoresOf(doc).get("q1")).toBeUndefined();
    undo.undo();
    expect(readAnnotations(doc).map((a) => a.author)).toEqual(["colleague"]);
    expect(undo.canUndo()).toBe(false); // the colleague's stroke is not ours to undo
    undo.redo();
    undo.redo();
    expect(
      readAnnotations(doc)
        .map((a) => a.author)
        .sort(),
    ).toEqual(["colleague", "me"]);
    expect(scoresOf(doc).get("q1")).toBe(1.5);
  });
});

describe("question marks on the page", () => {
  const questions = [
    { id: "q1a", label: "1.a", maxPoints: 2 },
    { id: "q1b", label: "1.b", maxPoints: 4 },
    { id: "q2", label: "2", maxPoints: 5 },
  ];

  it("shows the question's current score the way the locale writes it, a dash while unscored", () => {
    expect(markText(questions[1]!, 2.5, "fr")).toBe("1.b  2,5 / 4");
    expect(markText(questions[1]!, 2.5, "en")).toBe("1.b  2.5 / 4");
    expect(markText(questions[1]!, null, "fr")).toBe("1.b  — / 4");
    expect(markText(questions[1]!, undefined, "fr")).toBe("1.b  — / 4");
  });

  it("places the question selected in the scoring panel, else the first unscored one of one's range", () => {
    const scores: Record<string, number | null> = { q1a: 2 };
    const of = (id: string) => scores[id];
    expect(markTarget("q2", questions, null, of)?.id).toBe("q2");
    expect(markTarget(null, questions, null, of)?.id).toBe("q1b");
    expect(markTarget("q1a", questions, ["q2"], of)?.id).toBe("q2"); // a question of another grader is never placed
    scores.q1b = 1;
    scores.q2 = 0;
    expect(markTarget(null, questions, null, of)?.id).toBe("q1a"); // all scored: the first one
    expect(markTarget(null, [], null, of)).toBeNull();
  });

  it("is an annotation the doc keeps without text: a score change changes what it shows, undo removes it", () => {
    const doc = new Y.Doc();
    const undo = new Y.UndoManager([annotationsOf(doc), scoresOf(doc)], { trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 0 });
    const id = newAnnotationId();
    addAnnotation(doc, {
      id,
      page: 0,
      kind: "mark",
      questionId: "q1b",
      box: { x: 0.86, y: 0.3, w: 0.13, h: 0.03 },
      color: "#d32f2f",
      width: 0.002,
      author: "me",
      createdAt: 1,
    });
    const shown = () => {
      const mark = readAnnotations(doc).find((a) => a.id === id);
      return mark?.kind === "mark" ? markText(questions.find((q) => q.id === mark.questionId)!, scoresOf(doc).get(mark.questionId), "fr") : null;
    };
    expect(shown()).toBe("1.b  — / 4");
    // a colleague scores the question: the mark follows without being rewritten
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    setScore(other, "q1b", 3.5);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), remoteOrigin());
    expect(shown()).toBe("1.b  3,5 / 4");
    expect(annotationsOf(doc).get(id)?.has("text")).toBe(false);
    undo.undo();
    expect(shown()).toBeNull();
    undo.redo();
    expect(shown()).toBe("1.b  3,5 / 4");
  });
});

describe("keyboard placement (issue 21)", () => {
  const size = { w: 0.045, h: 0.032 };
  const base = { rank: 1, count: 3, regions: [], mark: null, pageInView: 0, existing: [], size };

  it("goes down the right edge of the question's region, below what is already there", () => {
    const region = { page: 2, box: { x: 0.1, y: 0.4, w: 0.8, h: 0.3 } };
    const first = placeForQuestion({ ...base, regions: [region] });
    expect(first).toEqual({ page: 1, x: expect.closeTo(0.845, 5), y: expect.closeTo(0.41, 5) });
    const second = placeForQuestion({ ...base, regions: [region], existing: [{ page: 1, box: { ...first, ...size } }] });
    expect(second.page).toBe(1);
    expect(second.x).toBeCloseTo(first.x, 5);
    expect(second.y).toBeGreaterThanOrEqual(first.y + size.h);
  });

  it("without regions, beside the question's mark; without a mark, in the page's margin at the question's height", () => {
    const mark = { page: 0, box: { x: 0.5, y: 0.2, w: 0.13, h: 0.02 } };
    const byMark = placeForQuestion({ ...base, mark });
    expect(byMark.page).toBe(0);
    expect(byMark.x).toBeGreaterThan(0.63);
    const margin = placeForQuestion({ ...base, pageInView: 1 });
    expect(margin.page).toBe(1);
    expect(margin.x).toBeGreaterThan(0.9);
    expect(margin.y).toBeCloseTo(0.06 + 0.86 / 3, 5);
  });

  it("fits a page to the width, whole, or two side by side", () => {
    const room = { width: 1000, height: 700, gap: 16 };
    expect(fitScale("width", room, 1000, 1414)).toBeCloseTo(1, 5);
    expect(fitScale("page", room, 1000, 1414)).toBeCloseTo(700 / 1414, 5);
    expect(fitScale("two", { ...room, height: 2000 }, 1000, 1414)).toBeCloseTo(492 / 1000, 5);
  });
});

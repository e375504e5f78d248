// npm run bench:drift [-- --quick]
// Quality of the drift alerts (server/supervision/drift-detection.ts, the module the dashboard
// uses). Simulates an exam: 8 graders, 300 copies dispatched at random, 4 questions (/5, /5, /4,
// /6 — the /6 one scored with rubric items), a true mark per copy and question from a realistic
// distribution (a student ability drives every question, marks in half points), graders marking
// with noise (sd 0.35 pt per 5 points); grader 1 is 1 point harsher on question 1 (/5), grader 2
// marks with three times the noise and no bias. Each grader works through their copies at their
// own pace; the copies' marks arrive in that order, go through collab's computeMarks (the one
// scoring function) and into the detection, re-assessed after every arrival as the dashboard is.
// Reports, over many seeds: share of runs where the biased pair was flagged, after how many of the
// biased grader's copies, and the share of the other grader-question pairs ever flagged.
// DRIFT_OPTIONS='{"alpha":0.05}' tries other settings; DRIFT_RUNS sets the number of seeds.
// Last line: RESULT runs= detected= copies_to_detect_p50= false_alarm_rate=
import { computeMarks, type CopyDecisions, type ScaleSpec } from "../../collab/index.ts";
import { assessAll, DRIFT_DEFAULTS, DriftTally } from "../../server/supervision/drift-detection.ts";

const quick = process.argv.includes("--quick");
/** tuning only: DRIFT_OPTIONS='{"alpha":0.05}' overrides the server's defaults */
const OPTIONS = { ...DRIFT_DEFAULTS, ...(process.env.DRIFT_OPTIONS ? JSON.parse(process.env.DRIFT_OPTIONS) : {}) };
const RUNS = Number(process.env.DRIFT_RUNS) || (quick ? 120 : 1000);
const GRADERS = 8;
const COPIES = 300;
const BIASED = "g1";
const BIASED_Q = "q1";
const NOISY = "g2";

const SCALE: ScaleSpec = {
  questions: [
    { id: "q1", maxPoints: 5 },
    { id: "q2", maxPoints: 5 },
    { id: "q3", maxPoints: 4 },
    {
      id: "q4",
      maxPoints: 6,
      rubric: { mode: "positive", bonusMax: 0, items: Array.from({ length: 12 }, (_, i) => ({ id: `i${i}`, points: 0.5, group: null, rev: 1 })) },
    },
  ],
};
/** difficulty per question: the share of the points an average student gets is about 1/(1+e^-b) */
const EASE: Record<string, number> = { q1: 0.4, q2: 0, q3: -0.3, q4: 0.2 };

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

const half = (x: number, max: number) => Math.min(max, Math.max(0, Math.round(x * 2) / 2));

interface Outcome {
  detectedAt: number | null;
  falsePairs: number;
  pairs: number;
}

function runOnce(seed: number): Outcome {
  const r = rng(seed * 2654435761);
  const graders = Array.from({ length: GRADERS }, (_, i) => `g${i}`);
  // true marks: ability θ ~ N(0,1), per question a logistic share of the points plus its own noise
  const truth = Array.from({ length: COPIES }, () => {
    const theta = r.normal();
    return Object.fromEntries(
      SCALE.questions.map((q) => [q.id, half(q.maxPoints / (1 + Math.exp(-(1.3 * theta + EASE[q.id]! + 0.6 * r.normal()))), q.maxPoints)]),
    );
  });
  // random dispatch: shuffled copies dealt to the graders in turn
  const order = truth.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  // arrival: each grader has a pace; a copy takes a lognormal time around it
  const events: { at: number; grader: string; copy: number }[] = [];
  const assigned: Record<string, number> = {};
  graders.forEach((g, k) => {
    const pace = 4 + 3 * r.next();
    let at = 0;
    const mine = order.filter((_, i) => i % GRADERS === k);
    assigned[g] = mine.length;
    mine.forEach((copy) => {
      at += pace * Math.exp(0.4 * r.normal());
      events.push({ at, grader: g, copy });
    });
  });
  events.sort((a, b) => a.at - b.at);

  const tally = new DriftTally();
  const seen: Record<string, number> = Object.fromEntries(graders.map((g) => [g, 0]));
  const ever = new Set<string>();
  let detectedAt: number | null = null;
  for (const e of events) {
    seen[e.grader]!++;
    const decisions = gradeCopy(r, e.grader, truth[e.copy]!);
    for (const m of computeMarks(SCALE, decisions).marks) {
      if (m.score !== null) tally.add({ graderId: e.grader, questionId: m.questionId, copyId: String(e.copy), score: m.score });
    }
    for (const d of assessAll(tally, SCALE.questions, (g) => assigned[g]!, OPTIONS)) {
      if (!d.flagged) continue;
      const key = `${d.graderId}|${d.questionId}`;
      if (d.graderId === BIASED && d.questionId === BIASED_Q) detectedAt ??= seen[BIASED]!;
      else ever.add(key);
    }
  }
  return { detectedAt, falsePairs: ever.size, pairs: GRADERS * SCALE.questions.length - 1 };
}

/** What a grader decides on a copy: typed half points, or rubric items of 0.5 pt on the /6 question. */
function gradeCopy(r: ReturnType<typeof rng>, grader: string, truth: Record<string, number>): CopyDecisions {
  const scores: Record<string, number> = {};
  const items: Record<string, string[]> = {};
  for (const q of SCALE.questions) {
    const sd = (grader === NOISY ? 1.05 : 0.35) * (q.maxPoints / 5);
    const bias = grader === BIASED && q.id === BIASED_Q ? -1 : 0;
    const mark = half(truth[q.id]! + bias + sd * r.normal(), q.maxPoints);
    if (q.rubric) items[q.id] = q.rubric.items.slice(0, Math.round(mark * 2)).map((i) => i.id);
    else scores[q.id] = mark;
  }
  return { scores, items, adjust: {}, checked: [] };
}

const started = performance.now();
const outcomes = Array.from({ length: RUNS }, (_, i) => runOnce(i + 1));
const detected = outcomes.filter((o) => o.detectedAt !== null);
const at = detected.map((o) => o.detectedAt!).sort((a, b) => a - b);
const pct = (p: number) => (at.length ? at[Math.min(at.length - 1, Math.floor(p * at.length))]! : NaN);
const falseRate = outcomes.reduce((s, o) => s + o.falsePairs, 0) / outcomes.reduce((s, o) => s + o.pairs, 0);
const runsWithFalse = outcomes.filter((o) => o.falsePairs > 0).length / RUNS;

console.log(`drift bench: ${RUNS} runs × ${COPIES} copies, ${GRADERS} graders, ${SCALE.questions.length} questions; options ${JSON.stringify(OPTIONS)}`);
console.log(`  biased pair (${BIASED}, ${BIASED_Q}, −1 pt on /5) flagged in ${detected.length}/${RUNS} runs`);
console.log(`  copies of ${BIASED} before the alert: p10=${pct(0.1)} p50=${pct(0.5)} p90=${pct(0.9)} (of ~${Math.round(COPIES / GRADERS)})`);
console.log(`  unbiased pairs ever flagged: ${(falseRate * 100).toFixed(2)} % (runs with at least one: ${(runsWithFalse * 100).toFixed(1)} %)`);
console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(`RESULT runs=${RUNS} detected=${(detected.length / RUNS).toFixed(3)} copies_to_detect_p50=${pct(0.5)} false_alarm_rate=${falseRate.toFixed(4)}`);

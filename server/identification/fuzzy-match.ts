// Roster search that forgives accents, case, word order and typos: "dupond jean" finds
// "DUPONT Jean". Names are cut into normalized tokens; each query token takes its best match
// among the name's tokens (and their concatenations, for "BEN ALI" typed "benali") by
// Damerau-Levenshtein similarity. Rosters hold a few thousand rows: plain TS is fast enough.

export const normalizeText = (s: string): string =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

export const tokensOf = (s: string): string[] => normalizeText(s).split(" ").filter(Boolean);

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
export function damerauLevenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length]!;
}

/** 1 = same token; a prefix of at least 3 letters counts as almost the same (typing in progress). */
export function tokenSimilarity(q: string, t: string): number {
  if (q === t) return 1;
  if (q.length >= 3 && t.startsWith(q)) return 0.9;
  return 1 - damerauLevenshtein(q, t) / Math.max(q.length, t.length);
}

function candidates(nameTokens: string[]): string[] {
  const out = [...nameTokens];
  for (let i = 0; i + 1 < nameTokens.length; i++) out.push(nameTokens[i]! + nameTokens[i + 1]!);
  return out;
}

/** Score in [0, 1] of a name against a query (already tokenized). */
export function nameScore(queryTokens: string[], nameTokens: string[]): number {
  if (!queryTokens.length || !nameTokens.length) return 0;
  const pool = candidates(nameTokens);
  const used = new Set<number>();
  let sum = 0;
  for (const q of queryTokens) {
    let best = 0;
    let bestAt = -1;
    pool.forEach((t, i) => {
      const s = tokenSimilarity(q, t);
      if (s > best) [best, bestAt] = [s, i];
    });
    sum += best;
    if (bestAt >= 0) used.add(bestAt);
  }
  const mean = sum / queryTokens.length;
  const covered = Math.min(1, [...used].filter((i) => i < nameTokens.length).length / nameTokens.length);
  return mean * (0.9 + 0.1 * covered); // "dupont jean" prefers Jean over Jean-Pierre
}

export interface Searchable {
  id: string;
  lastName: string;
  firstName: string;
  ine: string | null;
  email: string | null;
}

export const MIN_SCORE = 0.66;

export function searchRoster<T extends Searchable>(rows: T[], query: string, limit = 10): Array<{ row: T; score: number }> {
  const q = tokensOf(query);
  if (!q.length) return [];
  const compact = query.trim().toUpperCase();
  const scored = rows.map((row) => {
    if (row.ine && row.ine === compact) return { row, score: 1 };
    if (row.email && row.email === query.trim().toLowerCase()) return { row, score: 1 };
    return { row, score: nameScore(q, tokensOf(`${row.lastName} ${row.firstName}`)) };
  });
  return scored
    .filter((s) => s.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score || a.row.lastName.localeCompare(b.row.lastName, "fr") || a.row.firstName.localeCompare(b.row.firstName, "fr"))
    .slice(0, limit)
    .map((s) => ({ row: s.row, score: Math.round(s.score * 1000) / 1000 }));
}

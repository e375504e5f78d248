// Reads a few values out of a Prometheus text exposition (prom-client's /metrics).

/** name (without labels) → value of its first unlabelled or labelled sample. */
export function parseMetrics(text: string, names: readonly string[]): Map<string, number> {
  const wanted = new Set(names);
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || !wanted.has(m[1]!) || out.has(m[1]!)) continue;
    const v = Number(m[3]);
    if (Number.isFinite(v)) out.set(m[1]!, v);
  }
  return out;
}

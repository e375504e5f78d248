// Bytes of an uploaded CSV → text. UTF-8 with or without BOM; anything that is not valid UTF-8 is
// read as Windows-1252 (the superset of ISO-8859-1 that spreadsheet exports really use).
export type RosterEncoding = "utf-8" | "utf-8-bom" | "windows-1252";

export function decodeCsv(bytes: Uint8Array): { text: string; encoding: RosterEncoding } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body), encoding: bom ? "utf-8-bom" : "utf-8" };
  } catch {
    return { text: new TextDecoder("windows-1252").decode(body), encoding: "windows-1252" };
  }
}

/** `;`, `,` or tab: whichever appears most in the header line (outside quotes). */
export function detectDelimiter(text: string): ";" | "," | "\t" {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  const counts = { ";": 0, ",": 0, "\t": 0 };
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  const best = (Object.entries(counts) as Array<[";" | "," | "\t", number]>).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ";";
}

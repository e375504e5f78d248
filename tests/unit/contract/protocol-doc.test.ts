// docs/protocol.md cannot drift from the contract (collab/contract/socket/): each event of each
// direction has its row (or heading) in the doc's section of that direction, and the doc's
// sections name no event the contract does not have.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { events } from "../../../collab/contract/socket/index.ts";

const doc = readFileSync(new URL("../../../docs/protocol.md", import.meta.url), "utf8");

/** the text of the `## title` section, up to the next `## ` heading */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/protocol.md has no "## ${title}" section`);
  const end = doc.indexOf("\n## ", start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** the events a section documents: the first cell of a table row, or a heading, naming `an:event` */
function documented(text: string): string[] {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const m = /^\|\s*`([a-z]+:[a-z]+)`\s*\|/.exec(line) ?? /^#{3,}\s+`([a-z]+:[a-z]+)`/.exec(line);
    if (m) names.add(m[1]!);
  }
  return [...names].sort();
}

describe("docs/protocol.md and the socket contract", () => {
  it.each([
    ["Client → server events", events.clientToServer],
    ["Server → client events", events.serverToClient],
  ] as const)("the section %s documents exactly the contract's events", (title, registry) => {
    expect(documented(section(title))).toEqual(Object.keys(registry).sort());
  });

  it("every event of the contract has a direction, a payload schema and a summary; acked ones an ack schema", () => {
    for (const [name, e] of Object.entries(events.clientToServer)) {
      expect(e.direction, name).toBe("client→server");
      expect(e.summary.length, name).toBeGreaterThan(0);
      expect("ack" in e, name).toBe(name !== "copy:awareness");
    }
    for (const [name, e] of Object.entries(events.serverToClient)) {
      expect(e.direction, name).toBe("server→client");
      expect(e.summary.length, name).toBeGreaterThan(0);
    }
  });
});

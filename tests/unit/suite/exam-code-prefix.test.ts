// The factories' exam code prefixes: a clash on the unique prefix draws another, anything else fails.
import { describe, expect, it } from "vitest";
import { withCodePrefix } from "../../helpers/exam-code-prefix.ts";

const clash = () =>
  Object.assign(new Error("Unique constraint failed on the constraint: `Exam_codePrefix_key`"), { code: "P2002", meta: { target: "Exam_codePrefix_key" } });

describe("withCodePrefix", () => {
  it("draws another prefix when the one drawn is taken", async () => {
    const tried: string[] = [];
    const made = await withCodePrefix(async (p) => {
      tried.push(p);
      if (tried.length < 3) throw clash();
      return p;
    });
    expect(tried).toHaveLength(3);
    expect(made).toMatch(/^[0-9A-F]{4}$/);
  });

  it("keeps a given prefix and lets any other error through", async () => {
    await expect(withCodePrefix(async (p) => p, "ABCD")).resolves.toBe("ABCD");
    await expect(withCodePrefix(async () => Promise.reject(clash()), "ABCD")).rejects.toMatchObject({ code: "P2002" });
    await expect(withCodePrefix(async () => Promise.reject(Object.assign(new Error("x"), { code: "P2003" })))).rejects.toMatchObject({ code: "P2003" });
  });
});

// The contract's enums are the data model's: the same values as Prisma's.
import { describe, expect, it } from "vitest";
import * as c from "../../../collab/contract/common.ts";
import * as prisma from "../../../server/db/generated/enums.ts";

describe("the contract's enums", () => {
  it.each([
    "Role",
    "CopyState",
    "ExamStatus",
    "ScaleNodeKind",
    "ExamDocumentKind",
    "ScanMode",
    "BookletKind",
    "BatchStatus",
    "NoticeKind",
    "EmailStatus",
    "PageHalf",
    "ModerationRule",
    "SecondMarkingStatus",
    "RegradeStatus",
  ] as const)("%s has the data model's values", (name) => {
    const ours = (c[name] as { options: string[] }).options;
    expect([...ours].sort()).toEqual(Object.values((prisma as unknown as Record<string, Record<string, string>>)[name]!).sort());
  });
});

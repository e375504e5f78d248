// The variants (sujet A, sujet B …) an exam's scale defines: a copy sits one of them, or none.
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";

/** The variant letters used by the exam's scale nodes, sorted ("A", "B"); empty without variants. */
export async function examVariants(db: Pick<Db, "scaleNode">, examId: string): Promise<string[]> {
  const rows = await db.scaleNode.findMany({ where: { examId, variant: { not: null } }, select: { variant: true }, distinct: ["variant"] });
  return rows.map((r) => r.variant!).sort();
}

/** Throws UNKNOWN_VARIANT unless `variant` is null or one of the exam's scale variants. */
export async function assertScaleVariant(db: Pick<Db, "scaleNode">, examId: string, variant: string | null): Promise<void> {
  if (variant === null) return;
  const known = await examVariants(db, examId);
  if (!known.includes(variant)) {
    throw new AppError(
      "UNKNOWN_VARIANT",
      known.length
        ? `The grading scale has no variant ${variant} (variants: ${known.join(", ")})`
        : `The grading scale has no variants: variant ${variant} cannot be set`,
      { variant, variants: known },
    );
  }
}

import type { z } from "zod";
import type { LockedDetails } from "../../../collab/contract/socket/index.ts";

/**
 * Who holds the copy, from a LOCKED refusal (its details, LockedDetails in the contract), read
 * without the contract's schemas: the browser does not build the socket contract's zod schemas
 * at start-up for this one field.
 */
export function holderName(ack: object): string {
  const holder = (ack as Partial<z.infer<typeof LockedDetails>>).holder as Partial<z.infer<typeof LockedDetails>["holder"]> | undefined;
  return typeof holder?.displayName === "string" ? holder.displayName : "";
}

// A copy changed state: published on the events channel (server/db/events.ts) inside the
// transaction of the state change; the socket layer forwards it to the exam's rooms.
import type { CopyState, Db } from "../db/client.ts";
import { publishEvent } from "../db/events.ts";

export interface CopyStateEvent {
  type: "copy:state";
  examId: string;
  copyId: string;
  state: CopyState;
}

export async function publishCopyState(tx: Pick<Db, "$executeRaw">, e: Omit<CopyStateEvent, "type">): Promise<void> {
  const event: CopyStateEvent = { type: "copy:state", examId: e.examId, copyId: e.copyId, state: e.state };
  await publishEvent(tx, event);
}

// Progress events for the exam room: published with PostgreSQL NOTIFY on channel `korrigo_events`
// inside the transaction of the state change (delivered on commit, never for a rolled-back change).
// The socket layer LISTENs on the channel and forwards each event to the exam's room.
import type { CopyState, Db } from "../db/client.ts";

export const EVENTS_CHANNEL = "korrigo_events";

export interface CopyStateEvent {
  type: "copy:state";
  examId: string;
  copyId: string;
  state: CopyState;
}

export async function publishCopyState(tx: Pick<Db, "$executeRaw">, e: Omit<CopyStateEvent, "type">): Promise<void> {
  const event: CopyStateEvent = { type: "copy:state", examId: e.examId, copyId: e.copyId, state: e.state };
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`;
}

// The /grading socket as the contract types it (collab/contract/socket/): what the client may emit
// with which payload and ack, and what the server's events carry. Framework-free (types and one
// helper): the sync client, the tests and the benchmarks use it in Node too.
import type { Socket } from "socket.io-client";
import type { AckedEventName, AckOf, ClientToServerEvents, PayloadIn, ServerToClientEvents } from "../../../collab/contract/socket/index.ts";

export type GradingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Sends an acknowledged event and resolves with its ack, typed by the contract; rejects when no
 * answer comes within `timeoutMs`. (socket.io-client types `timeout().emitWithAck` as `any`.)
 */
export function request<E extends AckedEventName>(socket: GradingSocket, event: E, payload: PayloadIn<E>, timeoutMs: number): Promise<AckOf<E>> {
  const timed = socket.timeout(timeoutMs) as unknown as { emitWithAck(event: string, payload: unknown): Promise<AckOf<E>> };
  return timed.emitWithAck(event, payload);
}

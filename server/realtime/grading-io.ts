// The /grading namespace's Socket.IO types, from the contract (collab/contract/socket/): what a
// socket may receive and what the server may emit, and what socket.data holds.
import type { Namespace, Server, Socket } from "socket.io";
import type { Jsonify } from "../../collab/contract/api/route.ts";
import type { ClientToServerEvents, ServerToClientEvents } from "../../collab/contract/socket/index.ts";
import type { SocketData } from "./connection.ts";

/** no server-to-server events (serverSideEmit is not used) */
type InterServerEvents = Record<string, never>;

export type GradingServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GradingNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GradingSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/**
 * A payload without binary as the client receives it: socket.io sends it as JSON (a Date arrives
 * as its ISO string, a readonly array as an array), so it is checked against the contract as such.
 */
export const asSent = <T>(value: T): Jsonify<T> => value as unknown as Jsonify<T>;

// Who has a copy open, across nodes (fetchSockets asks the other nodes through the adapter).
import type { Namespace } from "socket.io";
import type { SocketData } from "./connection.ts";
import { copyRoom } from "./rooms.ts";

export interface PresenceEntry {
  readonly userId: string;
  readonly displayName: string;
  readonly role: string;
  readonly connections: number;
}

export async function presenceOf(nsp: Namespace, copyId: string): Promise<PresenceEntry[]> {
  let sockets: { data: unknown }[];
  try {
    sockets = await nsp.in(copyRoom(copyId)).fetchSockets();
  } catch {
    sockets = [...(nsp.adapter.rooms.get(copyRoom(copyId)) ?? [])].map((id) => nsp.sockets.get(id)).filter((s) => s !== undefined);
  }
  const byUser = new Map<string, PresenceEntry>();
  for (const s of sockets) {
    const user = (s.data as Partial<SocketData>).user;
    if (!user) continue;
    const seen = byUser.get(user.id);
    byUser.set(user.id, { userId: user.id, displayName: user.displayName, role: user.role, connections: (seen?.connections ?? 0) + 1 });
  }
  return [...byUser.values()];
}

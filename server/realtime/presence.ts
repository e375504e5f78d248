// Who has a copy open, across nodes (fetchSockets asks the other nodes through the adapter).
// Joins ask through one batcher: the copies asked while a request is out go together in the
// next one (one cross-node request for a whole join storm's rooms instead of one per join).
import type { PresenceEntry } from "../../collab/contract/socket/index.ts";
import type { GradingNamespace } from "./grading-io.ts";
import { KeyedBatcher } from "../grading/keyed-batcher.ts";
import type { SocketData } from "./connection.ts";
import { copyRoom } from "./rooms.ts";

interface SeenSocket {
  readonly data: unknown;
  readonly rooms: ReadonlySet<string>;
}

export class Presence {
  readonly #batcher: KeyedBatcher<string, PresenceEntry[]>;

  constructor(private readonly nsp: GradingNamespace) {
    this.#batcher = new KeyedBatcher((copyIds) => this.#load(copyIds));
  }

  of(copyId: string): Promise<PresenceEntry[]> {
    return this.#batcher.get(copyId);
  }

  async #load(copyIds: string[]): Promise<Map<string, PresenceEntry[]>> {
    const rooms = copyIds.map(copyRoom);
    let sockets: SeenSocket[];
    try {
      sockets = await this.nsp.in(rooms).fetchSockets();
    } catch {
      sockets = [...new Set(rooms.flatMap((r) => [...(this.nsp.adapter.rooms.get(r) ?? [])]))]
        .map((id) => this.nsp.sockets.get(id))
        .filter((s) => s !== undefined);
    }
    // a socket that joined the copy ahead (quiet) is not there yet for the others
    const there = (s: SeenSocket, copyId: string) => s.rooms.has(copyRoom(copyId)) && !(s.data as Partial<SocketData>).quiet?.includes(copyId);
    return new Map(copyIds.map((copyId) => [copyId, entriesOf(sockets.filter((s) => there(s, copyId)))]));
  }
}

function entriesOf(sockets: readonly SeenSocket[]): PresenceEntry[] {
  const byUser = new Map<string, PresenceEntry>();
  for (const s of sockets) {
    const user = (s.data as Partial<SocketData>).user;
    if (!user) continue;
    const seen = byUser.get(user.id);
    byUser.set(user.id, { userId: user.id, displayName: user.displayName, role: user.role, connections: (seen?.connections ?? 0) + 1 });
  }
  return [...byUser.values()];
}

// Tests, benchmarks and the chaos run speak the /grading protocol with the browser's own sync
// client (client/src/realtime/copy-sync.ts: framework-free, it imports only yjs, collab/ and
// socket.io-client's types), so what they prove holds for the client teachers use.
export {
  CopySync,
  type Ack,
  type CopySyncEvents,
  type CopySyncOptions,
  type ErrAck,
  type LockView,
  type OkAck,
  type PendingStore,
  type StoredEdit,
} from "../../client/src/realtime/copy-sync.ts";

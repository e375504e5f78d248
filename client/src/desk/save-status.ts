// The save status says "saved" only when the server acknowledged every change (ack after COMMIT).
export type SaveStatus = { kind: "saved" } | { kind: "saving"; pending: number } | { kind: "offline"; pending: number } | { kind: "connecting" };

export function saveStatus(s: { connected: boolean; joined: boolean; pending: number }): SaveStatus {
  if (!s.connected) return { kind: "offline", pending: s.pending };
  if (s.pending > 0) return { kind: "saving", pending: s.pending };
  if (!s.joined) return { kind: "connecting" };
  return { kind: "saved" };
}

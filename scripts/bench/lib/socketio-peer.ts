// The load benchmark's peer: bare Socket.IO relaying the same bytes to the same rooms, with an
// ack per update (nothing stored, nothing validated). `tsx scripts/bench/lib/socketio-peer.ts <port>`;
// prints "ready" once listening.
import http from "node:http";
import { Server } from "socket.io";

const port = Number(process.argv[2] ?? 0);
const server = http.createServer();
const io = new Server(server, { serveClient: false, maxHttpBufferSize: 1e6, pingInterval: 10_000, pingTimeout: 10_000 });
io.of("/grading").on("connection", (socket) => {
  socket.on("copy:join", ({ copyId }: { copyId: string }, ack: (r: unknown) => void) => {
    void socket.join(`copy:${copyId}`);
    ack?.({ ok: true });
  });
  socket.on("copy:update", ({ copyId, update }: { copyId: string; update: Uint8Array }, ack: (r: unknown) => void) => {
    socket.to(`copy:${copyId}`).emit("copy:update", { copyId, update });
    ack?.({ ok: true });
  });
});
server.listen(port, "127.0.0.1", () => console.log("ready"));

// The entry: on a desk's URL, the desk's data and first page images are requested first, then the
// app's modules load (lit, the socket client…) while those requests run, instead of before them.
// The desk's own chunks (the desk, fabric's layer) and the socket connection start at the same
// time as the app's boot, not after the router has found the route (one round of chunk loading
// and the socket handshake off the critical path of a cold desk).
import { earlySessionOf, isEarlyDesk, startEarlyDesk } from "./desk/early-desk.ts";
import { earlyPagesShown } from "./desk/early-pen.ts";
import { openEarlyWebSocket } from "./realtime/early-websocket.ts";

// The socket is asked for first: its small chunk evaluates (and the connection starts) before the
// app's larger module graph runs, not after it. When the server inlined the desk's data and the
// user, the copy's live session (join, lock) starts too and the desk takes it over (early-session.ts).
// The copy's pages (and the pen) are painted first (early-pen.ts): the modules, whose evaluation holds
// the main thread, start once that frame is on screen (at the latest 250 ms on).
performance.mark("korrigo:entry"); // the benchmark's breakdown of a desk's opening
startEarlyDesk();
if (isEarlyDesk()) openEarlyWebSocket(); // its handshakes run while the socket client loads: socket.ts adopts it
void earlyPagesShown(250).then(() => {
  if (isEarlyDesk()) void import("./realtime/socket.ts").then((m) => m.gradingSocket());
  const earlySession = earlySessionOf();
  if (earlySession) void import("./desk/early-session.ts").then((m) => m.startEarlySession(earlySession.copyId, earlySession.user));
  void import("./app-boot.ts");
  if (isEarlyDesk()) {
    void import("./components/desk/ko-desk.ts");
    void import("./desk/annotation-layer.ts");
  }
});

// The entry: on a desk's URL, the desk's data and first page images are requested first, then the
// app's modules load (lit, the socket client…) while those requests run, instead of before them.
// The desk's own chunks (the desk, fabric's layer) and the socket connection start at the same
// time as the app's boot, not after the router has found the route (one round of chunk loading
// and the socket handshake off the critical path of a cold desk).
import { isEarlyDesk, startEarlyDesk } from "./desk/early-desk.ts";

startEarlyDesk();
void import("./app-boot.ts");
if (isEarlyDesk()) {
  void import("./components/desk/ko-desk.ts");
  void import("./desk/annotation-layer.ts");
  void import("./realtime/socket.ts").then((m) => m.gradingSocket());
}

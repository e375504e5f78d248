// Entry of a raster thread. Worker threads do not inherit tsx's loader on Node 20, so the thread
// registers it itself before loading the TypeScript entry.
import { register } from "tsx/esm/api";

register();
await import("./raster-thread-entry.ts");

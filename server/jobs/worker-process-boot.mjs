// Entry of the worker child process of ROLE=all. A forked process does not inherit tsx's loader
// from every parent (vitest, plain node), so it registers it before loading the TypeScript entry.
import { register } from "tsx/esm/api";

register();
await import("./worker-process.ts");

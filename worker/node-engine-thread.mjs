// The engine thread's entry under Node: runs the TypeScript sources through tsx, as the daemon does.
import { register } from "tsx/esm/api";

register();
await import("./node-engine-thread.ts");

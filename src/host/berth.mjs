#!/usr/bin/env node
// The `berth` executable: runs the TypeScript sources through tsx, as `npm run daemon` does.
import { register } from "tsx/esm/api";

register();
await import("./berth.ts");

// Entry of the engine's thread under Node (worker_threads), the counterpart of index.ts in the
// browser: exposes the engine through comlink on the parent port, and nothing else.

import { expose, proxy } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { parentPort, workerData } from "node:worker_threads";
import { installEngineErrorTransfer } from "../src/api/error-transfer.ts";
import { exposeOperations } from "./engine-dispatch.ts";
import { createNodeEngine, type NodeEngineOptions } from "./node-host.ts";

if (!parentPort) throw new Error("node-engine-thread.ts runs as a worker thread");
installEngineErrorTransfer();
expose(exposeOperations(createNodeEngine(workerData as NodeEngineOptions), proxy), nodeEndpoint(parentPort));

// Starts the engine on a worker thread, as the page starts it in a Web Worker, and connects to it
// through comlink.

import { proxy, type Endpoint } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { Worker } from "node:worker_threads";
import type { EngineApi } from "../api/engine-api.ts";
import { installEngineErrorTransfer } from "../api/error-transfer.ts";
import { connectEngine } from "../engine-client.ts";
import type { NodeEngineOptions } from "../../worker/node-host.ts";

export interface EngineThread {
  engine: EngineApi;
  /** Ends the thread (and the guest with it). */
  terminate(): Promise<void>;
}

export function startEngineThread(options: NodeEngineOptions): EngineThread {
  installEngineErrorTransfer();
  const worker = new Worker(new URL("../../worker/node-engine-thread.mjs", import.meta.url), { workerData: options });
  worker.unref();
  return {
    engine: connectEngine(nodeEndpoint(worker) as Endpoint),
    async terminate() {
      await worker.terminate();
    },
  };
}

/** Marks a sink to cross to the engine thread by reference (comlink's proxy). */
export const byReference = proxy;

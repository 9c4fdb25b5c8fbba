// The engine's Web Worker, started from the page: the app's and the embed frame's.

export function startEngineWorker(name = "berth-engine"): Worker {
  return new Worker(new URL("../worker/index.ts", import.meta.url), { type: "module", name });
}

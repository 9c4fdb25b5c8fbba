// The storage conformance page: starts the suites in a dedicated worker, shows each case's outcome
// and publishes them as window.conformanceResults (or window.conformanceError when the worker
// failed) for the end-to-end test to read.

import type { CaseResult } from "../conformance/run-suites.ts";

declare global {
  interface Window {
    conformanceResults?: CaseResult[];
    conformanceError?: string;
  }
}

const status = document.getElementById("status")!;
const list = document.getElementById("results")!;

function show(results: CaseResult[]): void {
  for (const result of results) {
    const item = document.createElement("li");
    item.textContent = `${result.ok ? "✓" : "✗"} ${result.suite} › ${result.name} (${result.milliseconds} ms)`;
    if (result.error !== undefined) item.append(Object.assign(document.createElement("pre"), { textContent: result.error }));
    list.append(item);
  }
  const failed = results.filter((result) => !result.ok).length;
  status.textContent = `${results.length - failed} passed, ${failed} failed`;
}

const worker = new Worker(new URL("./conformance-worker.ts", import.meta.url), { type: "module" });
worker.addEventListener("message", (event: MessageEvent<CaseResult[]>) => {
  show(event.data);
  window.conformanceResults = event.data;
});
worker.addEventListener("error", (event) => {
  window.conformanceError = event.message || "the worker failed to load";
  status.textContent = `The worker failed: ${window.conformanceError}`;
});

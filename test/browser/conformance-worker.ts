// Runs the storage conformance suites in a dedicated worker, where the engine uses the stores, and
// posts the results to the page.

import { runSuites } from "../conformance/run-suites.ts";
import { browserSuites } from "./browser-suites.ts";

self.postMessage(await runSuites(browserSuites(`run-${Date.now().toString(36)}`)));

// The client's view of the engine: one method per operation of the table in operations.ts, derived
// from it. The worker implements it (worker/engine-dispatch.ts), the page calls it through comlink
// (Remote<EngineApi>), and the Node daemon maps Docker's HTTP routes onto the same table.

import type { MethodsOf } from "./operation-spec.ts";
import type { Operations } from "./operations.ts";

export type { MessageSink, OutputSink, OutputStream, StreamConnection } from "./operation-spec.ts";

export type EngineApi = MethodsOf<Operations>;

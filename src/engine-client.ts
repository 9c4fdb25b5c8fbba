// The client's end of the engine, in the page and in the daemon under Node: comlink's remote of the
// engine thread's surface, with one fix derived from the operation table. A streaming operation
// hands back a remote connection; if nothing references that remote while its `done()` is pending,
// the garbage collector may reclaim it, and comlink then releases the channel and the answer never
// comes. So each connection is held here until its stream has ended.

import { wrap, type Endpoint } from "comlink";
import type { EngineApi, StreamConnection } from "./api/engine-api.ts";
import { operations, type OperationName } from "./api/operations.ts";

/** The engine behind `endpoint`: a Worker in the page, a worker thread's port (adapted) under Node. */
export function connectEngine(endpoint: Endpoint): EngineApi {
  const remote = wrap<EngineApi>(endpoint) as unknown as Record<OperationName, (...args: unknown[]) => Promise<unknown>>;
  const live = new Set<StreamConnection<unknown>>();
  const client: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.keys(operations) as OperationName[]) {
    client[name] =
      operations[name].stream === "none"
        ? (...args) => remote[name](...args)
        : async (...args) => {
            const connection = (await remote[name](...args)) as StreamConnection<unknown>;
            live.add(connection);
            void connection
              .done()
              .catch(() => undefined)
              .finally(() => live.delete(connection));
            return connection;
          };
  }
  return client as unknown as EngineApi;
}

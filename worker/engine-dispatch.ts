// Derives the engine's exposed surface from the operation table: one method per operation that
// calls its handler, and marks a streaming operation's connection to be passed by reference (for
// comlink, its `proxy`), so the client can write stdin, hang up and await the end.

import type { EngineApi } from "../src/api/engine-api.ts";
import { operations, type OperationName } from "../src/api/operations.ts";

export function exposeOperations(handlers: EngineApi, byReference: <T extends object>(value: T) => T): EngineApi {
  const surface: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.keys(operations) as OperationName[]) {
    const handler = handlers[name] as (...args: unknown[]) => Promise<unknown>;
    if (typeof handler !== "function") throw new Error(`the engine has no handler for ${operations[name].operationId}`);
    surface[name] = operations[name].stream === "none" ? (...args) => handler(...args) : async (...args) => byReference((await handler(...args)) as object);
  }
  return surface as unknown as EngineApi;
}

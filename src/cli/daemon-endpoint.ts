// Which engine a command line talks to, picked as Docker's CLI picks its daemon: `-H` names a
// daemon, `--context` (or else the current context, set by `docker context use`) names a stored
// one, and the context "default" is the engine in this tab. As in Docker, a context that cannot
// be resolved fails only the calls that need the daemon, so `docker context` can still repair it.

import type { EngineApi } from "../api/engine-api.ts";
import { defaultContextName, type ContextStore } from "./context-store.ts";
import type { CommandContext } from "./context.ts";

/** What the page gives the CLI to reach daemons with. */
export interface DaemonEndpoints {
  store: ContextStore;
  /** The engine of the daemon at `host` (tcp://, http:// or https://), called with `token`. */
  connect(host: string, token: string | undefined): EngineApi;
}

interface EndpointChoice {
  host?: string;
  context?: string;
}

/** The engine the choice names; `tabEngine` for the default context. */
export function engineFor(endpoints: DaemonEndpoints, tabEngine: EngineApi, choice: EndpointChoice): EngineApi {
  if (choice.host !== undefined) return endpoints.connect(choice.host, knownToken(endpoints.store, choice.host));
  const name = choice.context ?? endpoints.store.currentName;
  if (name === defaultContextName) return tabEngine;
  try {
    const context = endpoints.store.get(name);
    return endpoints.connect(context.host, context.token);
  } catch (error) {
    return unreachableEngine(new Error(`unable to resolve docker endpoint: ${error instanceof Error ? error.message : String(error)}`));
  }
}

/** The context a command line uses: the global flags' choice, else the one `docker context use` set. */
export function currentContext(ctx: CommandContext): string {
  return ctx.contextOverride ?? ctx.endpoints.store.currentName;
}

/** `-H` carries no token: a stored context for the same daemon lends its own. */
function knownToken(store: ContextStore, host: string): string | undefined {
  return store.list().find((context) => context.host === host && context.token !== undefined)?.token;
}

/** An engine whose every call fails with `error`. */
export function unreachableEngine(error: Error): EngineApi {
  return new Proxy({} as EngineApi, { get: () => () => Promise.reject(error) });
}

// docker context create NAME --docker host=…[,token=…]: stores a context for a daemon. The page
// reaches daemons over HTTP only, so the endpoint keys are `host` and berth's `token`.

import { contextCreateSpec } from "../context-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import { contextNameError, type ContextStore } from "../context-store.ts";
import type { CommandContext, Verb } from "../context.ts";
import { parseVerbArguments } from "../verb-arguments.ts";
import { daemonBaseUrl, InvalidDaemonHostError } from "../../remote-engine/daemon-host.ts";

const endpointKeys = new Set(["host", "token"]);

async function dockerContextCreate(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const [name] = parsed.args as [string];
  const failure = createContext(ctx.endpoints.store, name, parsed.flags.string("description") ?? "", parsed.flags.list("docker"));
  if (failure) {
    ctx.stderr.write(`${failure}\n`);
    return 1;
  }
  ctx.stdout.write(`${name}\n`);
  ctx.stderr.write(`Successfully created context "${name}"\n`);
  return 0;
}

/** Stores the context, or says why not in Docker's words. */
function createContext(store: ContextStore, name: string, description: string, dockerValues: string[]): string | undefined {
  const invalidName = contextNameError(name);
  if (invalidName) return invalidName;
  if (store.has(name)) return `context "${name}" already exists`;
  if (dockerValues.length === 0) return "docker endpoint configuration is required";
  // Repeated --docker flags add to one map, as pflag's stringToString does.
  const config = new Map(dockerValues.flatMap((value) => value.split(",")).map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
  const unknown = [...config.keys()].filter((key) => !endpointKeys.has(key));
  if (unknown.length > 0) return unknown.map((key) => `unable to create docker endpoint config: unrecognized config key: ${key}`).join("\n");
  const host = config.get("host") ?? "";
  try {
    daemonBaseUrl(host);
  } catch (error) {
    if (!(error instanceof InvalidDaemonHostError)) throw error;
    return `unable to create docker endpoint config: invalid docker endpoint options: ${error.message}`;
  }
  const token = config.get("token");
  store.add({ name, description, host, ...(token ? { token } : {}) });
  return undefined;
}

export const contextCreateVerb: Verb = { spec: contextCreateSpec, run: dockerContextCreate };

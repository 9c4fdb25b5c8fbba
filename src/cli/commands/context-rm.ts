// docker context rm NAME...: removes stored contexts; the one in use only with -f, after which
// the default context (the engine in this tab) is current again.

import { contextRmSpec } from "../context-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import { defaultContextName } from "../context-store.ts";
import type { CommandContext, Verb } from "../context.ts";
import { currentContext } from "../daemon-endpoint.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerContextRm(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const force = parsed.flags.bool("force");
  const { store } = ctx.endpoints;
  const current = currentContext(ctx);
  const failures: string[] = [];
  for (const name of parsed.args) {
    if (name === defaultContextName) failures.push(`context "default" cannot be removed`);
    else if (name === current && !force) failures.push(`context "${name}" is in use, set -f flag to force remove`);
    else if (!store.has(name) && !force) failures.push(`context "${name}" does not exist`);
    else {
      store.remove(name);
      ctx.stdout.write(`${name}\n`);
    }
  }
  if (failures.length === 0) return 0;
  ctx.stderr.write(`${failures.join("\n")}\n`);
  return 1;
}

export const contextRmVerb: Verb = { spec: contextRmSpec, run: dockerContextRm };

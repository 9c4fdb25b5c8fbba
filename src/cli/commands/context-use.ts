// docker context use NAME: makes NAME the current context, so later commands go to its daemon;
// `docker context use default` goes back to the engine in this tab.

import { contextUseSpec } from "../context-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import { contextNameError, ContextNotFoundError, defaultContextName } from "../context-store.ts";
import type { CommandContext, Verb } from "../context.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerContextUse(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const [name] = parsed.args as [string];
  const { store } = ctx.endpoints;
  if (name !== defaultContextName) {
    const failure = contextNameError(name) ?? (store.has(name) ? undefined : new ContextNotFoundError(name).message);
    if (failure) {
      ctx.stderr.write(`${failure}\n`);
      return 1;
    }
  }
  store.use(name);
  ctx.stdout.write(`${name}\n`);
  ctx.stderr.write(`Current context is now "${name}"\n`);
  return 0;
}

export const contextUseVerb: Verb = { spec: contextUseSpec, run: dockerContextUse };

// docker rm: remove each named container, echoing the names removed; failures are printed together
// at the end. With -f a container that does not exist is only a warning.

import { isEngineError } from "../../api/errors.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext } from "../context.ts";
import { describeEngineFailure } from "../engine-failure.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export async function dockerRm(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const force = parsed.flags.bool("force");
  const failures: string[] = [];

  for (const name of parsed.args) {
    const id = name.replace(/^\/+|\/+$/g, "");
    if (!id) {
      failures.push("container name cannot be empty");
      continue;
    }
    try {
      await ctx.engine.containerDelete({ id, force });
      ctx.stdout.write(`${name}\n`);
    } catch (error) {
      const missing = isEngineError(error) && error.code === "not-found";
      if (force && missing) ctx.stderr.write(`${describeEngineFailure(error)}\n`);
      else failures.push(describeEngineFailure(error));
    }
  }

  if (failures.length === 0) return 0;
  ctx.stderr.write(`${failures.join("\n")}\n`);
  return 1;
}

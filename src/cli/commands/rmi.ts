// docker rmi / docker image rm: remove each image or tag named, printing what the engine untagged
// and deleted. Failures are printed together at the end and fail the command; with -f, images
// that do not exist are only reported.

import { rmiSpec } from "../image-command-specs.ts";
import { isEngineError } from "../../api/errors.ts";
import type { ImageDeleteResponseItem } from "../../api/types.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { describeEngineFailure } from "../engine-failure.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerRmi(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const force = parsed.flags.bool("force");
  const failures: string[] = [];
  let onlyMissing = true;

  for (const name of parsed.args) {
    try {
      const removed = await ctx.engine.imageDelete({ name, force });
      ctx.stdout.write(removed.map(describeRemoval).join(""));
    } catch (error) {
      if (!isEngineError(error) || error.code !== "not-found") onlyMissing = false;
      failures.push(describeEngineFailure(error));
    }
  }

  if (failures.length === 0) return 0;
  ctx.stderr.write(`${failures.join("\n")}\n`);
  return force && onlyMissing ? 0 : 1;
}

function describeRemoval(item: ImageDeleteResponseItem): string {
  return item.Deleted ? `Deleted: ${item.Deleted}\n` : `Untagged: ${item.Untagged}\n`;
}

export const rmiVerb: Verb = { spec: rmiSpec, run: dockerRmi };

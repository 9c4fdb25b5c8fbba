// docker image inspect, and docker inspect (which berth answers for images only): the images as
// JSON, or formatted with -f.

import { isEngineError } from "../../api/errors.ts";
import type { ImageInspect } from "../../api/types.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext } from "../context.ts";
import { describeEngineFailure } from "../engine-failure.ts";
import { imageTemplateView } from "../image-template-view.ts";
import { inspectEach, type InspectSource } from "../inspect-output.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export async function dockerImageInspect(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  return inspectImages(args, ctx, spec, (_, error) => describeEngineFailure(error));
}

export async function dockerInspect(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  // Not knowing the object's type, docker says "object" for what it cannot find.
  return inspectImages(args, ctx, spec, (reference, error) =>
    isEngineError(error) && error.code === "not-found" ? `Error: No such object: ${reference}` : describeEngineFailure(error),
  );
}

async function inspectImages(
  args: string[],
  ctx: CommandContext,
  spec: CommandSpec,
  describeFailure: InspectSource<ImageInspect>["describeFailure"],
): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  return inspectEach(ctx, parsed.args, parsed.flags.string("format"), {
    fetch: (name) => ctx.engine.imageInspect({ name }),
    templateView: imageTemplateView,
    describeFailure,
  });
}

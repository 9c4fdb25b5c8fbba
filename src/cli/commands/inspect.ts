// docker inspect (a container, else an image, unless --type says which), docker container inspect
// and docker image inspect: the objects as JSON, or formatted with -f.

import { isEngineError } from "../../api/errors.ts";
import type { ContainerInspectResponse, ImageInspect, Network } from "../../api/types.ts";
import { containerInspectSpec, inspectSpec } from "../container-command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { describeEngineFailure } from "../engine-failure.ts";
import { goQuote } from "../go-quote.ts";
import { imageInspectSpec } from "../image-command-specs.ts";
import { imageTemplateView } from "../image-template-view.ts";
import { inspectEach, type InspectedObject } from "../inspect-output.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

/** The object types `docker inspect --type` accepts; berth has containers, images and networks. */
const objectTypes = ["config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"];

export const imageInspectVerb: Verb = {
  spec: imageInspectSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    return inspectEach(ctx, parsed.args, parsed.flags.string("format"), {
      fetch: async (name) => inspectedImage(await ctx.engine.imageInspect({ name })),
      describeFailure: (_, error) => describeEngineFailure(error),
    });
  },
};

export const containerInspectVerb: Verb = {
  spec: containerInspectSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const size = parsed.flags.bool("size");
    return inspectEach(ctx, parsed.args, parsed.flags.string("format"), {
      fetch: async (id) => inspectedContainer(await ctx.engine.containerInspect({ id, size })),
      describeFailure: (_, error) => describeEngineFailure(error),
    });
  },
};

export const inspectVerb: Verb = {
  spec: inspectSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const type = parsed.flags.string("type") ?? "";
    const typeList = objectTypes.map((name) => `"${name}"`).join(", ");
    if (parsed.flags.changed("type") && type === "") {
      ctx.stderr.write(`type is empty: must be one of ${typeList}\n`);
      return 1;
    }
    if (type !== "" && !objectTypes.includes(type)) {
      ctx.stderr.write(`unknown type: ${goQuote(type)}: must be one of ${typeList}\n`);
      return 1;
    }
    const size = parsed.flags.bool("size");
    return inspectEach(ctx, parsed.args, parsed.flags.string("format"), {
      fetch: (reference) => findObject(ctx, reference, type, size),
      describeFailure: (_, error) => describeEngineFailure(error),
    });
  },
};

function inspectedImage(image: ImageInspect): InspectedObject {
  return { json: image, templateView: imageTemplateView(image) };
}

/** The engine sends every field of a container, so a template sees it as it is. */
function inspectedContainer(container: ContainerInspectResponse): InspectedObject {
  return { json: container, templateView: container };
}

/** The engine sends every field of a network, so a template sees it as it is. */
export function inspectedNetwork(network: Network): InspectedObject {
  return { json: network, templateView: network };
}

/**
 * Tries each type the --type constraint allows, containers first, as Docker does; without a
 * constraint, a type that has no such object is skipped.
 */
async function findObject(ctx: CommandContext, reference: string, type: string, size: boolean): Promise<InspectedObject> {
  const attempts: [string, () => Promise<InspectedObject>][] = [
    ["container", async () => inspectedContainer(await ctx.engine.containerInspect({ id: reference, size }))],
    ["image", async () => inspectedImage(await ctx.engine.imageInspect({ name: reference }))],
    ["network", async () => inspectedNetwork(await ctx.engine.networkInspect({ id: reference }))],
  ];
  for (const [attemptType, attempt] of attempts) {
    if (type !== "" && type !== attemptType) continue;
    try {
      const found = await attempt();
      if (size && attemptType !== "container") ctx.stderr.write(`WARNING: --size ignored for ${attemptType}\n`);
      return found;
    } catch (error) {
      if (type === "" && isSkippable(error)) continue;
      throw error;
    }
  }
  throw new Error(`Error: No such object: ${reference}`);
}

function isSkippable(error: unknown): boolean {
  if (!isEngineError(error)) return false;
  return error.code === "not-found" || error.message.includes("not supported") || error.message.includes("invalid reference format");
}

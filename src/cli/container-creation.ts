// Creates the container of `docker run`, pulling its image as --pull says: first with "always";
// with "missing" (the default) when the engine does not have it, after saying so; never with
// "never". An image given by ID is never pulled.

import type { ContainerCreateResponse } from "../api/types.ts";
import { isEngineError } from "../api/errors.ts";
import type { CommandContext } from "./context.ts";
import { buildCreateRequest } from "./create-request.ts";
import { pullImage } from "./image-pull.ts";
import { familiarString, parseAnyReference, qualifiedString, withDefaultTag } from "./normalized-reference.ts";
import type { RunOptions } from "./run-options.ts";

/** Throws InvalidReferenceError for a malformed image, else the engine's error. */
export async function createContainer(options: RunOptions, ctx: CommandContext): Promise<ContainerCreateResponse> {
  const parsed = parseAnyReference(options.image);
  const image = parsed && withDefaultTag(parsed);
  const request = { name: options.name, body: buildCreateRequest(options) };
  // The pull's progress goes to stderr so that stdout carries only what the container prints.
  const pull = (fromImage: string) => pullImage(ctx, { fromImage }, ctx.stderr);

  if (image && options.pull === "always") await pull(qualifiedString(image));
  try {
    return await ctx.engine.containerCreate(request);
  } catch (error) {
    const missing = isEngineError(error) && error.code === "not-found";
    if (!image || !missing || options.pull !== "missing") throw error;
    ctx.stderr.write(`Unable to find image '${familiarString(image)}' locally\n`);
  }
  await pull(qualifiedString(image));
  return ctx.engine.containerCreate(request);
}

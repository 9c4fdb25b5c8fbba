// docker rm / docker container rm: remove each named container, echoing the names removed;
// failures are printed together at the end. With -f a container that does not exist is only
// reported. -v and -l are accepted: berth's containers have no volumes or links.

import { isEngineError } from "../../api/errors.ts";
import { rmSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { forEachContainer } from "../each-container.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const rmVerb: Verb = {
  spec: rmSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const force = parsed.flags.bool("force");
    const v = parsed.flags.bool("volumes");
    return forEachContainer(
      ctx,
      parsed.args,
      async (name) => {
        const id = name.replace(/^\/+|\/+$/g, "");
        if (!id) throw new Error("container name cannot be empty");
        await ctx.engine.containerDelete({ id, force, v });
        return name;
      },
      { tolerate: (error) => force && isEngineError(error) && error.code === "not-found" },
    );
  },
};

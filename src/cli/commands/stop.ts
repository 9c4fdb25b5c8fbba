// docker stop and docker restart (and their `docker container` forms): stop, or restart, each named
// container, echoing the names as given. They share the stop signal and timeout options.

import type { EngineApi } from "../../api/engine-api.ts";
import type { CommandSpec } from "../command-specs.ts";
import { restartSpec, stopSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { forEachContainer } from "../each-container.ts";
import { readStopOptions, type StopOptions } from "../stop-options.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

function stopLikeVerb(spec: CommandSpec, call: (engine: EngineApi, request: StopOptions & { id: string }) => Promise<void>): Verb {
  return {
    spec,
    async run(args, ctx, typed) {
      const parsed = parseVerbArguments(typed, args, ctx);
      if (typeof parsed === "number") return parsed;
      const options = readStopOptions(parsed.flags);
      if ("error" in options) {
        ctx.stderr.write(`${options.error}\n`);
        return 1;
      }
      return forEachContainer(ctx, parsed.args, async (id) => {
        await call(ctx.engine, { id, ...options });
        return id;
      });
    },
  };
}

export const stopVerb = stopLikeVerb(stopSpec, (engine, request) => engine.containerStop(request));
export const restartVerb = stopLikeVerb(restartSpec, (engine, request) => engine.containerRestart(request));

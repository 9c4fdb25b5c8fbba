// docker load / docker image load: an archive from the host (-i FILE, stdin, or an upload) becomes images;
// the engine's messages are shown as Docker's client shows them on a terminal: per-layer progress
// (not with -q), then "Loaded image: busybox:latest".

import type { MessageSink } from "../../api/engine-api.ts";
import type { JsonMessage } from "../../api/types.ts";
import { readHostArchive } from "../host-archive.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { loadSpec } from "../image-command-specs.ts";
import { PullProgressDisplay } from "../pull-progress-display.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const loadVerb: Verb = {
  spec: loadSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const quiet = parsed.flags.bool("quiet");
    const archive = await readHostArchive(ctx, parsed.flags.string("input"), "");
    if (!archive) return 1;
    const progress = new PullProgressDisplay(ctx.stdout, ctx.terminal);
    const sink: MessageSink<JsonMessage> = {
      report(message) {
        if (message.stream !== undefined) ctx.stdout.write(message.stream);
        else if (!quiet) progress.report(message);
      },
    };
    try {
      const connection = await ctx.engine.imageLoad({ quiet, body: archive }, ctx.proxy(sink));
      await connection.done();
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};

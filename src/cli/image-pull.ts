// Pulls an image for `docker pull` and `docker run`, showing the engine's progress messages on a
// terminal stream, or nothing when `out` is not given (quiet).

import type { MessageSink } from "../api/engine-api.ts";
import type { JsonMessage } from "../api/types.ts";
import type { CommandContext, TextSink } from "./context.ts";
import { PullProgressDisplay } from "./pull-progress-display.ts";

export interface PullRequest {
  /** The fully qualified reference: "docker.io/library/debian:latest". */
  fromImage: string;
  platform?: string;
}

export async function pullImage(ctx: CommandContext, request: PullRequest, out: TextSink | undefined): Promise<void> {
  const sink: MessageSink<JsonMessage> = out ? new PullProgressDisplay(out, ctx.terminal) : { report: () => undefined };
  const connection = await ctx.engine.imageCreate(request, ctx.proxy(sink));
  await connection.done();
}

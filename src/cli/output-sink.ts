// Where an attached stream's frames go on the terminal: stdout frames to stdout, stderr to stderr.

import type { OutputSink } from "../api/engine-api.ts";
import type { CommandContext } from "./context.ts";

export function outputTo(ctx: CommandContext): OutputSink {
  return { write: (stream, data) => (stream === 2 ? ctx.stderr : ctx.stdout).write(data) };
}

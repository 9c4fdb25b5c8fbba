// docker logs / docker container logs: the container's output since it started (or the last
// --tail lines, between --since and --until), stdout to stdout and stderr to stderr; with -f it
// follows until the container stops or Ctrl-C hangs up.

import type { StreamConnection } from "../../api/engine-api.ts";
import type { ContainerInspectResponse } from "../../api/types.ts";
import { logsSpec } from "../container-command-specs.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { timeBounds } from "../log-time.ts";
import { outputTo } from "../output-sink.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

/** A shell's exit code for a command that Ctrl-C (SIGINT) ended. */
const interruptedExitCode = 130;

export const logsVerb: Verb = {
  spec: logsSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const { flags } = parsed;

    let container: ContainerInspectResponse;
    try {
      container = await ctx.engine.containerInspect({ id: parsed.args[0] });
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }

    const bounds = timeBounds((bound) => flags.string(bound), (bound, message) => `invalid value for "${bound}": ${message}`);
    if ("error" in bounds) {
      ctx.stderr.write(`${bounds.error}\n`);
      return 1;
    }
    const request = {
      id: container.Id,
      stdout: true,
      stderr: true,
      follow: flags.bool("follow"),
      timestamps: flags.bool("timestamps"),
      tail: flags.string("tail") ?? "all",
      ...bounds,
    };

    let interrupted = false;
    let connection: StreamConnection | undefined;
    const input = ctx.terminal.onInput((data) => {
      if (!data.includes("\x03")) return;
      interrupted = true;
      void connection?.close();
    });
    try {
      connection = await ctx.engine.containerLogs(request, ctx.proxy(outputTo(ctx)));
      if (interrupted) await connection.close();
      await connection.done();
      return interrupted ? interruptedExitCode : 0;
    } catch (error) {
      return interrupted ? interruptedExitCode : reportEngineFailure(ctx, error);
    } finally {
      input.dispose();
    }
  },
};

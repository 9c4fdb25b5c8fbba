// docker run: create the container (pulling its image if need be), attach to it, start it and wait
// for it, returning its exit code (or, with -d, print its ID and leave it running). With --rm the
// engine removes it on exit.

import type { StreamConnection } from "../../api/engine-api.ts";
import { runSpec, type CommandSpec } from "../command-specs.ts";
import { createContainer } from "../container-creation.ts";
import { holdAttachedSession } from "../attached-session.ts";
import { outputTo } from "../output-sink.ts";
import type { CommandContext, Verb } from "../context.ts";
import { describeEngineFailure } from "../engine-failure.ts";
import { readRunOptions, runOptionsError, type RunOptions } from "../run-options.ts";
import { formatRunError, runFailureExitCode, startFailureExitCode } from "../run-failures.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerRun(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const options = readRunOptions(parsed.flags, parsed.args);
  const invalid = runOptionsError(options);
  if (invalid) {
    ctx.stderr.write(formatRunError(invalid, true));
    return runFailureExitCode;
  }

  let id: string;
  try {
    const created = await createContainer(options, ctx);
    id = created.Id;
    for (const warning of created.Warnings ?? []) ctx.stderr.write(`WARNING: ${warning}\n`);
  } catch (error) {
    ctx.stderr.write(formatRunError(describeEngineFailure(error), true));
    return runFailureExitCode;
  }

  if (options.detach) {
    ctx.stdout.write(`${id}\n`);
    return startContainer(id, ctx);
  }
  return runAttached(id, options, ctx);
}

async function runAttached(id: string, options: RunOptions, ctx: CommandContext): Promise<number> {
  const { engine } = ctx;
  let connection: StreamConnection;
  try {
    connection = await engine.containerAttach(
      { id, stdin: options.interactive, stdout: true, stderr: true, stream: true, detachKeys: options.detachKeys },
      ctx.proxy(outputTo(ctx)),
    );
  } catch (error) {
    ctx.stderr.write(formatRunError(describeEngineFailure(error), false));
    return runFailureExitCode;
  }
  // Asked before the start, so that a short-lived (or auto-removed) container's exit is not missed.
  const exit = engine.containerWait({ id, condition: options.autoRemove ? "removed" : "next-exit" });
  exit.catch(() => undefined);

  const started = await startContainer(id, ctx);
  if (started !== 0) {
    void connection.close().catch(() => undefined);
    return started;
  }
  const terminalOptions = {
    interactive: options.interactive,
    tty: options.tty,
    detachKeys: options.detachKeys,
    resize: (h: number, w: number) => engine.containerResize({ id, h, w }),
    signal: (signal: string) => engine.containerKill({ id, signal }),
  };
  const exitCode = exit.then((outcome) => {
    if (outcome.Error?.Message) throw new Error(`Error waiting for container: ${outcome.Error.Message}`);
    return outcome.StatusCode;
  });
  try {
    const outcome = await holdAttachedSession(connection, terminalOptions, exitCode, ctx);
    return outcome === "detached" ? 0 : outcome;
  } catch (error) {
    ctx.stderr.write(formatRunError(describeEngineFailure(error), false));
    return runFailureExitCode;
  }
}

/** Starts the container; 0 on success, else the failure is printed and its exit code returned. */
async function startContainer(id: string, ctx: CommandContext): Promise<number> {
  try {
    await ctx.engine.containerStart({ id });
    return 0;
  } catch (error) {
    ctx.stderr.write(formatRunError(describeEngineFailure(error), false));
    return startFailureExitCode(error);
  }
}

export const runVerb: Verb = { spec: runSpec, run: dockerRun };

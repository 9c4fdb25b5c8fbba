// docker start: start stopped containers, echoing each name; with -a (and -i) attach the terminal to
// the one container and return its exit code.

import type { StreamConnection } from "../../api/engine-api.ts";
import { holdAttachedSession } from "../attached-session.ts";
import { startSpec, type CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { describeEngineFailure, reportEngineFailure } from "../engine-failure.ts";
import { outputTo } from "../output-sink.ts";
import { startFailureExitCode } from "../run-failures.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerStart(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const { flags } = parsed;
  const attach = flags.bool("attach") || flags.bool("interactive");
  if (attach) {
    if (parsed.args.length > 1) {
      ctx.stderr.write("Error: you cannot start and attach multiple containers at once\n");
      return 1;
    }
    return startAttached(parsed.args[0], flags.bool("interactive"), flags.string("detach-keys") || undefined, ctx);
  }
  const failed: string[] = [];
  for (const name of parsed.args) {
    try {
      await ctx.engine.containerStart({ id: name });
      ctx.stdout.write(`${name}\n`);
    } catch (error) {
      ctx.stderr.write(`${describeEngineFailure(error)}\n`);
      failed.push(name);
    }
  }
  if (failed.length === 0) return 0;
  ctx.stderr.write(`Error: failed to start containers: ${failed.join(", ")}\n`);
  return 1;
}

async function startAttached(name: string, interactive: boolean, detachKeys: string | undefined, ctx: CommandContext): Promise<number> {
  const { engine } = ctx;
  let connection: StreamConnection;
  let tty: boolean;
  let id: string;
  try {
    const container = await engine.containerInspect({ id: name });
    id = container.Id;
    tty = container.Config.Tty === true;
    const withStdin = interactive && container.Config.OpenStdin === true;
    connection = await engine.containerAttach({ id, stdin: withStdin, stdout: true, stderr: true, stream: true, detachKeys }, ctx.proxy(outputTo(ctx)));
    interactive = withStdin;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
  const exit = engine.containerWait({ id, condition: "next-exit" }).then((result) => result.StatusCode);
  exit.catch(() => undefined);
  try {
    await engine.containerStart({ id });
  } catch (error) {
    void connection.close().catch(() => undefined);
    ctx.stderr.write(`${describeEngineFailure(error)}\n`);
    return startFailureExitCode(error);
  }
  const outcome = await holdAttachedSession(
    connection,
    { interactive, tty, detachKeys, resize: (h, w) => engine.containerResize({ id, h, w }), signal: (signal) => engine.containerKill({ id, signal }) },
    exit,
    ctx,
  );
  return outcome === "detached" ? 0 : outcome;
}

export const startVerb: Verb = { spec: startSpec, run: dockerStart };

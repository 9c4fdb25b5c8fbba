// docker exec: run another process in a running container, attached to the terminal (or detached
// with -d), returning the process's exit code.

import type { StreamConnection } from "../../api/engine-api.ts";
import type { ExecConfig } from "../../api/container-types.ts";
import { commandFailureExitCode } from "../../api/start-failure.ts";
import { holdAttachedSession } from "../attached-session.ts";
import { execSpec, type CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { describeEngineFailure, reportEngineFailure } from "../engine-failure.ts";
import { outputTo } from "../output-sink.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

/** The exit code of a `docker exec` whose client was interrupted (Ctrl-C without a TTY). */
const interruptedExitCode = 130;

async function dockerExec(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const { flags } = parsed;
  const [container, ...command] = parsed.args;
  const detach = flags.bool("detach");
  const interactive = flags.bool("interactive");
  const tty = flags.bool("tty");
  const detachKeys = flags.string("detach-keys") || undefined;
  const config: ExecConfig = {
    AttachStdin: interactive && !detach,
    AttachStdout: !detach,
    AttachStderr: !detach,
    Tty: tty,
    Cmd: command,
    Env: flags.list("env").filter((entry) => entry.includes("=")),
    ...(flags.string("workdir") ? { WorkingDir: flags.string("workdir") } : {}),
    ...(flags.string("user") ? { User: flags.string("user") } : {}),
    ...(flags.bool("privileged") ? { Privileged: true } : {}),
    ...(detachKeys ? { DetachKeys: detachKeys } : {}),
  };
  const { engine } = ctx;
  let execId: string;
  try {
    execId = (await engine.containerExec({ id: container, body: config })).Id;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }

  let connection: StreamConnection;
  try {
    connection = await engine.execStart({ id: execId, body: { Detach: detach, Tty: tty } }, ctx.proxy(outputTo(ctx)));
  } catch (error) {
    const message = describeEngineFailure(error).replace(/^Error response from daemon: /, "");
    ctx.stderr.write(`${message}\n`);
    return commandFailureExitCode(message) ?? 126;
  }
  if (detach) return 0;

  let interrupted = false;
  const ended = connection.done().then(async () => {
    if (interrupted) return interruptedExitCode;
    return (await engine.execInspect({ id: execId })).ExitCode ?? 0;
  });
  const outcome = await holdAttachedSession(
    connection,
    {
      interactive,
      tty,
      detachKeys,
      resize: (h, w) => engine.execResize({ id: execId, h, w }),
      // Without a TTY, Ctrl-C ends the client only, as it does for the docker CLI; the process goes on.
      signal: async () => {
        interrupted = true;
        await connection.close();
      },
    },
    ended,
    ctx,
  );
  return outcome === "detached" ? 0 : outcome;
}

export const execVerb: Verb = { spec: execSpec, run: dockerExec };

// docker attach: connect the terminal to a running container's init process until it exits (its
// exit code) or the user detaches (Ctrl-P Ctrl-Q by default; exit 0, the container runs on).

import { holdAttachedSession } from "../attached-session.ts";
import { attachSpec, type CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { outputTo } from "../output-sink.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerAttach(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const { flags } = parsed;
  const { engine } = ctx;
  const detachKeys = flags.string("detach-keys") || undefined;
  try {
    const container = await engine.containerInspect({ id: parsed.args[0] });
    if (!container.State.Running) {
      ctx.stderr.write("You cannot attach to a stopped container, start it first\n");
      return 1;
    }
    if (container.State.Paused) {
      ctx.stderr.write("You cannot attach to a paused container, unpause it first\n");
      return 1;
    }
    const id = container.Id;
    const interactive = !flags.bool("no-stdin") && container.Config.OpenStdin === true;
    const tty = container.Config.Tty === true;
    const exit = engine.containerWait({ id, condition: "next-exit" }).then((result) => result.StatusCode);
    exit.catch(() => undefined);
    const connection = await engine.containerAttach({ id, stdin: interactive, stdout: true, stderr: true, stream: true, detachKeys }, ctx.proxy(outputTo(ctx)));
    const proxySignals = flags.bool("sig-proxy") !== false && !tty;
    const outcome = await holdAttachedSession(
      connection,
      {
        interactive,
        tty,
        detachKeys,
        resize: (h, w) => engine.containerResize({ id, h, w }),
        ...(proxySignals ? { signal: (signal: string) => engine.containerKill({ id, signal }) } : {}),
      },
      exit,
      ctx,
    );
    return outcome === "detached" ? 0 : outcome;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}

export const attachVerb: Verb = { spec: attachSpec, run: dockerAttach };

// How Docker's multi-container verbs (stop, kill, rm, pause, wait…) report: a line on stdout for
// each container the call succeeded for, in the order given, then every failure on stderr, joined
// as errors.Join joins them, failing the command.

import type { CommandContext } from "./context.ts";
import { describeEngineFailure } from "./engine-failure.ts";

interface EachContainerOptions {
  /** A failure that is only reported (at once, on stderr) and does not fail the command. */
  tolerate?: (error: unknown) => boolean;
}

/** `act` resolves to the line printed for the container. */
export async function forEachContainer(
  ctx: CommandContext,
  names: readonly string[],
  act: (name: string) => Promise<string>,
  options: EachContainerOptions = {},
): Promise<number> {
  const failures: string[] = [];
  for (const name of names) {
    try {
      ctx.stdout.write(`${await act(name)}\n`);
    } catch (error) {
      if (options.tolerate?.(error)) ctx.stderr.write(`${describeEngineFailure(error)}\n`);
      else failures.push(describeEngineFailure(error));
    }
  }
  if (failures.length === 0) return 0;
  ctx.stderr.write(`${failures.join("\n")}\n`);
  return 1;
}

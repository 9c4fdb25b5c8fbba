// docker create: make a container from an image (pulling it as `run` does) without starting it,
// and print its ID. Bad options fail as docker's do (exit 125 with a pointer to the help); the
// engine's refusal is reported as other verbs report it (exit 1).

import { createSpec, type CommandSpec } from "../command-specs.ts";
import { createContainer } from "../container-creation.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { readRunOptions, runOptionsError } from "../run-options.ts";
import { formatRunError, runFailureExitCode } from "../run-failures.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerCreate(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const options = readRunOptions(parsed.flags, parsed.args);
  const invalid = runOptionsError(options);
  if (invalid) {
    ctx.stderr.write(formatRunError(invalid, true, "create"));
    return runFailureExitCode;
  }
  try {
    const created = await createContainer(options, ctx);
    for (const warning of created.Warnings ?? []) ctx.stderr.write(`WARNING: ${warning}\n`);
    ctx.stdout.write(`${created.Id}\n`);
    return 0;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}

export const createVerb: Verb = { spec: createSpec, run: dockerCreate };

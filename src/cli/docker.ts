// Entry point of the terminal's `docker` command: split the typed line into words, check that it
// runs `docker`, and dispatch to the verb, resolving to the exit code.

import { parseCommand } from "./command-parser.ts";
import { rootSpec, verbSpecs } from "./command-specs.ts";
import { dockerHelp } from "./commands/help.ts";
import { dockerImages } from "./commands/images.ts";
import { dockerInfo } from "./commands/info.ts";
import { dockerPs } from "./commands/ps.ts";
import { dockerRm } from "./commands/rm.ts";
import { dockerRun } from "./commands/run.ts";
import { dockerVersion } from "./commands/version.ts";
import type { CommandContext, VerbRunner } from "./context.ts";
import { formatRootHelp } from "./help-text.ts";
import { ShellSyntaxError, splitShellWords } from "./shell-words.ts";

const verbs = new Map<string, VerbRunner>([
  ["run", dockerRun],
  ["ps", dockerPs],
  ["rm", dockerRm],
  ["images", dockerImages],
  ["version", dockerVersion],
  ["info", dockerInfo],
  ["help", dockerHelp],
]);

/** Exit codes of a shell: a syntax error, and a program that is not there. */
const shellSyntaxExitCode = 2;
const commandNotFoundExitCode = 127;

/** Runs one typed line. An empty line does nothing and succeeds. */
export async function runDockerCommandLine(line: string, ctx: CommandContext): Promise<number> {
  let words: string[];
  try {
    words = splitShellWords(line);
  } catch (error) {
    if (!(error instanceof ShellSyntaxError)) throw error;
    ctx.stderr.write(`berth: ${error.message}\n`);
    return shellSyntaxExitCode;
  }
  if (words.length === 0) return 0;
  const [program, ...args] = words;
  if (program !== "docker") {
    ctx.stderr.write(`berth: ${program}: command not found\n`);
    return commandNotFoundExitCode;
  }
  return runDocker(args, ctx);
}

/** Runs `docker` with the given arguments (everything after the word "docker"). */
async function runDocker(args: string[], ctx: CommandContext): Promise<number> {
  const outcome = parseCommand(rootSpec, args);
  if (outcome.kind === "help") {
    ctx.stdout.write(formatRootHelp(verbSpecs));
    return 0;
  }
  if (outcome.kind === "error") {
    ctx.stderr.write(`${outcome.message}\n`);
    return outcome.exitCode;
  }
  const [verb, ...verbArgs] = outcome.args;
  if (verb === undefined) {
    // Plain `docker` prints its help to stderr and succeeds.
    ctx.stderr.write(formatRootHelp(verbSpecs));
    return 0;
  }
  const runner = verbs.get(verb);
  if (!runner) {
    ctx.stderr.write(`docker: unknown command: docker ${verb}\n\nRun 'docker --help' for more information\n`);
    return 1;
  }
  return runner(verbArgs, ctx);
}

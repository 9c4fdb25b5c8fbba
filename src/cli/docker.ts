// Entry point of the terminal's `docker` command: split the typed line into words, check that it
// runs `docker`, and walk the command tree to the verb, resolving to the exit code.

import { parseCommand } from "./command-parser.ts";
import type { CommandSpec } from "./command-specs.ts";
import { findSubcommand, rootSpec } from "./command-tree.ts";
import { dockerHelp } from "./commands/help.ts";
import { dockerHistory } from "./commands/history.ts";
import { dockerImageInspect, dockerInspect } from "./commands/inspect.ts";
import { dockerImagePrune } from "./commands/image-prune.ts";
import { dockerImages } from "./commands/images.ts";
import { dockerInfo } from "./commands/info.ts";
import { dockerPs } from "./commands/ps.ts";
import { dockerPull } from "./commands/pull.ts";
import { dockerRm } from "./commands/rm.ts";
import { dockerRmi } from "./commands/rmi.ts";
import { dockerRun } from "./commands/run.ts";
import { dockerSystemDf } from "./commands/system-df.ts";
import { dockerTag } from "./commands/tag.ts";
import { dockerVersion } from "./commands/version.ts";
import type { CommandContext, VerbRunner } from "./context.ts";
import { formatHelp } from "./help-text.ts";
import { ShellSyntaxError, splitShellWords } from "./shell-words.ts";

/** Each verb by its command path; a verb reachable two ways has two entries. */
export const verbRunners: ReadonlyMap<string, VerbRunner> = new Map([
  ["docker run", dockerRun],
  ["docker ps", dockerPs],
  ["docker pull", dockerPull],
  ["docker image pull", dockerPull],
  ["docker images", dockerImages],
  ["docker image ls", dockerImages],
  ["docker version", dockerVersion],
  ["docker info", dockerInfo],
  ["docker system info", dockerInfo],
  ["docker system df", dockerSystemDf],
  ["docker history", dockerHistory],
  ["docker image history", dockerHistory],
  ["docker inspect", dockerInspect],
  ["docker image inspect", dockerImageInspect],
  ["docker image prune", dockerImagePrune],
  ["docker rm", dockerRm],
  ["docker rmi", dockerRmi],
  ["docker image rm", dockerRmi],
  ["docker tag", dockerTag],
  ["docker image tag", dockerTag],
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
  return runCommandGroup(rootSpec, args, ctx);
}

/** Runs `docker` or a management command (`docker image ...`): its flags, then the verb named next. */
async function runCommandGroup(group: CommandSpec, args: string[], ctx: CommandContext): Promise<number> {
  const outcome = parseCommand(group, args);
  if (outcome.kind === "help") {
    ctx.stdout.write(formatHelp(group));
    return 0;
  }
  if (outcome.kind === "error") {
    ctx.stderr.write(`${outcome.message}\n`);
    return outcome.exitCode;
  }
  const [verb, ...verbArgs] = outcome.args;
  if (verb === undefined) {
    // Without a verb, docker prints the help to stderr and succeeds.
    ctx.stderr.write(formatHelp(group));
    return 0;
  }
  if (group === rootSpec && verb === "help") return dockerHelp(verbArgs, ctx);
  const spec = findSubcommand(group, verb);
  if (!spec) {
    ctx.stderr.write(unknownCommandMessage(group, verb));
    return 1;
  }
  if (spec.subcommands) return runCommandGroup(spec, verbArgs, ctx);
  const runner = verbRunners.get(spec.path);
  if (!runner) throw new Error(`no runner for ${spec.path}`);
  return runner(verbArgs, ctx, spec);
}

function unknownCommandMessage(group: CommandSpec, verb: string): string {
  const usage = group === rootSpec ? "" : `Usage:  ${group.usage}\n\n`;
  return `docker: unknown command: ${group.path} ${verb}\n\n${usage}Run '${group.path} --help' for more information\n`;
}

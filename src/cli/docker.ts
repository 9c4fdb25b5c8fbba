// Entry point of the terminal's `docker` command: split the typed line into words, check that it
// runs `docker`, pick the daemon its global options (-H, --context) or the current context name,
// and walk the command tree to the verb, resolving to the exit code.

import { parseCommand, usageError } from "./command-parser.ts";
import type { CommandSpec } from "./command-specs.ts";
import { findSubcommand, rootSpec, verbRunners } from "./command-tree.ts";
import { defaultContextName } from "./context-store.ts";
import { dockerHelp } from "./commands/help.ts";
import type { CommandContext } from "./context.ts";
import { engineFor } from "./daemon-endpoint.ts";
import type { FlagValues } from "./flags.ts";
import { formatHelp } from "./help-text.ts";
import { ShellSyntaxError, splitShellWords } from "./shell-words.ts";

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
  return runDockerArguments(args, ctx);
}

/** Runs `docker` with its arguments already split (by the page's shell). */
export function runDockerArguments(args: string[], ctx: CommandContext): Promise<number> {
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
  if (group === rootSpec) {
    const chosen = withGlobalOptions(outcome.flags, ctx);
    if (typeof chosen === "number") return chosen;
    ctx = chosen;
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

/** The command context for the daemon `-H` or `--context` names, or else the current context's. */
function withGlobalOptions(flags: FlagValues, ctx: CommandContext): CommandContext | number {
  const hosts = flags.list("host");
  const context = flags.string("context") || undefined;
  if (hosts.length > 1) {
    ctx.stderr.write(`${usageError(rootSpec, `invalid argument "${hosts[1]}" for "-H, --host" flag: specify only one -H`)}\n`);
    return 125;
  }
  const [host] = hosts;
  if (host !== undefined && context !== undefined) {
    ctx.stderr.write("conflicting options: cannot specify both --host and --context\n");
    return 1;
  }
  const contextOverride = host !== undefined ? defaultContextName : context;
  return { ...ctx, engine: engineFor(ctx.endpoints, ctx.engine, { host, context }), ...(contextOverride ? { contextOverride } : {}) };
}

/** Docker's usage line here is the command's path alone ("Usage:  docker image"). */
function unknownCommandMessage(group: CommandSpec, verb: string): string {
  const usage = group === rootSpec ? "" : `Usage:  ${group.path}\n\n`;
  return `docker: unknown command: ${group.path} ${verb}\n\n${usage}Run '${group.path} --help' for more information\n`;
}

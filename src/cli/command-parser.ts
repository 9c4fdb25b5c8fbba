// Parses a verb's arguments against its CommandSpec and words failures as the docker CLI does:
// flag errors exit 125 (cobra's FlagErrorFunc), argument-count errors exit 1.

import type { CommandSpec } from "./command-specs.ts";
import { parseFlags, type FlagValues } from "./flags.ts";

export type CommandParseOutcome =
  | { kind: "parsed"; flags: FlagValues; args: string[]; warnings: string[] }
  | { kind: "help" }
  | { kind: "error"; message: string; exitCode: number };

const flagErrorExitCode = 125;

export function parseCommand(spec: CommandSpec, args: readonly string[]): CommandParseOutcome {
  const result = parseFlags(spec.flags, args, { interspersed: spec.interspersed });
  if (result.kind === "help") return result;
  if (result.kind === "error") return { kind: "error", message: usageError(spec, result.message), exitCode: flagErrorExitCode };
  const countError = argCountError(spec, result.positionals.length);
  if (countError) return { kind: "error", message: countError, exitCode: 1 };
  return { kind: "parsed", flags: result.flags, args: result.positionals, warnings: result.warnings };
}

/** A flag error as cobra's FlagErrorFunc words it in docker: the problem, the usage, and where to read more. */
export function usageError(spec: CommandSpec, problem: string): string {
  return `${problem}\n\nUsage:  ${spec.usage}\n\nRun '${spec.path} --help' for more information`;
}

function argCountError(spec: CommandSpec, count: number): string | undefined {
  const { min, max } = spec.args;
  // Docker words the hint "See ..." for too few arguments and "Run ..." otherwise.
  const explain = (problem: string, hintVerb: "Run" | "See") =>
    `docker: '${spec.path}' ${problem}\n\nUsage:  ${spec.usage}\n\n` +
    `${hintVerb} '${spec.path} --help' for more information`;
  if (max === 0 && count > 0) return explain("accepts no arguments", "Run");
  if (min !== undefined && min === max && count !== min) return explain(`requires ${argumentCount(min)}`, "Run");
  if (min !== undefined && max !== undefined && (count < min || count > max)) {
    return explain(`requires at least ${min} and at most ${max} ${max === 1 ? "argument" : "arguments"}`, "Run");
  }
  if (min !== undefined && count < min) return explain(`requires at least ${argumentCount(min)}`, "See");
  if (max !== undefined && count > max) return explain(`requires at most ${argumentCount(max)}`, "Run");
  return undefined;
}

function argumentCount(count: number): string {
  return count === 1 ? "1 argument" : `${count} arguments`;
}

// Help screens in docker's layout: `docker --help` lists the verbs by category, `docker VERB --help`
// shows the usage line, description, aliases and options (aligned the way pflag aligns them), and a
// management command's help lists its verbs.

import type { CommandSpec } from "./command-specs.ts";
import type { FlagSpec } from "./flags.ts";

const guidesHint = "For more help on how to use Docker, head to https://docs.docker.com/go/guides/";

export function formatRootHelp(verbs: readonly CommandSpec[], globalFlags: readonly FlagSpec[] = []): string {
  const section = (title: string, category: CommandSpec["category"]) => [
    "",
    `${title}:`,
    ...verbLines(verbs.filter((verb) => verb.category === category)),
  ];
  return [
    "",
    "Usage:  docker [OPTIONS] COMMAND",
    "",
    "A self-sufficient runtime for containers",
    ...section("Common Commands", "common"),
    ...section("Management Commands", "management"),
    ...section("Commands", "other"),
    ...(globalFlags.length > 0 ? ["", "Global Options:", ...flagUsages(globalFlags)] : []),
    "",
    "Run 'docker COMMAND --help' for more information on a command.",
    "",
    guidesHint,
    "",
  ].join("\n");
}

/** The help of any command: the overview for the root, else the command's own. */
export function formatHelp(spec: CommandSpec): string {
  return spec.name === "" ? formatRootHelp(spec.subcommands ?? [], spec.flags) : formatCommandHelp(spec);
}

export function formatCommandHelp(spec: CommandSpec): string {
  const aliases = spec.helpAliases ? ["", "Aliases:", `  ${spec.helpAliases}`] : [];
  const options = spec.flags.some((flag) => !flag.deprecated) ? ["", "Options:", ...flagUsages(spec.flags)] : [];
  const verbs = spec.subcommands
    ? ["", "Commands:", ...verbLines(spec.subcommands), "", `Run '${spec.path} COMMAND --help' for more information on a command.`]
    : [];
  return ["", `Usage:  ${spec.usage}`, "", spec.longDescription ?? spec.description, ...aliases, ...options, ...verbs, ""].join("\n");
}

function verbLines(verbs: readonly CommandSpec[]): string[] {
  return verbs.map((verb) => `  ${verb.name.padEnd(12)}${verb.description}`);
}

/**
 * One entry per flag, sorted by name, descriptions three spaces past the longest flag column; a
 * description's further lines are indented to that column, and a default follows the description.
 */
function flagUsages(flags: readonly FlagSpec[]): string[] {
  const sorted = flags.filter((flag) => !flag.deprecated && !flag.aliasFor).sort((a, b) => (a.name < b.name ? -1 : 1));
  const columns = sorted.map((flag) => {
    const names = flag.shorthand ? `  -${flag.shorthand}, --${flag.name}` : `      --${flag.name}`;
    return flag.kind === "bool" ? names : `${names} ${flag.typeName ?? flag.kind}`;
  });
  const width = Math.max(...columns.map((column) => column.length)) + 3;
  return sorted.map((flag, index) => {
    const description = `${flag.description}${defaultNote(flag)}`.replaceAll("\n", `\n${" ".repeat(width)}`);
    return `${columns[index].padEnd(width)}${description}`;
  });
}

/** pflag's " (default …)": quoted for a string, bare for a boolean that defaults to true. */
function defaultNote(flag: FlagSpec): string {
  if (flag.defaultValue === undefined) return "";
  return flag.kind === "string" ? ` (default "${flag.defaultValue}")` : ` (default ${flag.defaultValue})`;
}

// Help screens in docker's layout: `docker --help` lists the verbs by category, `docker VERB --help`
// shows the usage line, description and options (aligned the way pflag aligns them).

import type { CommandSpec } from "./command-specs.ts";
import type { FlagSpec } from "./flags.ts";

const guidesHint = "For more help on how to use Docker, head to https://docs.docker.com/go/guides/";

export function formatRootHelp(verbs: readonly CommandSpec[]): string {
  const section = (title: string, category: CommandSpec["category"]) => [
    "",
    `${title}:`,
    ...verbs.filter((verb) => verb.category === category).map((verb) => `  ${verb.name.padEnd(12)}${verb.description}`),
  ];
  return [
    "",
    "Usage:  docker [OPTIONS] COMMAND",
    "",
    "A self-sufficient runtime for containers",
    ...section("Common Commands", "common"),
    ...section("Commands", "other"),
    "",
    "Run 'docker COMMAND --help' for more information on a command.",
    "",
    guidesHint,
    "",
  ].join("\n");
}

export function formatCommandHelp(spec: CommandSpec): string {
  const options = spec.flags.length > 0 ? ["", "Options:", ...flagUsages(spec.flags)] : [];
  return ["", `Usage:  ${spec.usage}`, "", spec.description, ...options, ""].join("\n");
}

/** One line per flag, sorted by name, descriptions three spaces past the longest flag column. */
function flagUsages(flags: readonly FlagSpec[]): string[] {
  const sorted = [...flags].sort((a, b) => a.name.localeCompare(b.name));
  const columns = sorted.map((flag) => {
    const names = flag.shorthand ? `  -${flag.shorthand}, --${flag.name}` : `      --${flag.name}`;
    return flag.kind === "bool" ? names : `${names} ${flag.kind}`;
  });
  const width = Math.max(...columns.map((column) => column.length));
  return sorted.map((flag, index) => `${columns[index].padEnd(width)}   ${flag.description}`);
}

// What the `docker context` verbs accept, with the wording of Docker's own help. The endpoint
// keys the page understands are `host` and berth's `token`; TLS files cannot be read by a page.

import type { CommandSpec } from "./command-specs.ts";
import type { FlagSpec } from "./flags.ts";
import { inspectFormatHelp, listFormatHelp } from "./format-flag-help.ts";

/** pflag's stringToString: each value is comma-separated key=value pairs. */
function endpointConfigError(value: string): string | undefined {
  const malformed = value.split(",").find((pair) => !pair.includes("="));
  return malformed === undefined ? undefined : `${value} must be formatted as key=value`;
}

const dockerFlag: FlagSpec = {
  name: "docker",
  kind: "list",
  typeName: "stringToString",
  description: "set the docker endpoint",
  defaultValue: "[]",
  validate: endpointConfigError,
};

export const contextCreateSpec: CommandSpec = {
  name: "create",
  path: "docker context create",
  usage: "docker context create [OPTIONS] CONTEXT",
  description: "Create a context",
  longDescription: [
    "Create a context",
    "",
    "Docker endpoint config:",
    "",
    "NAME                DESCRIPTION",
    "host                Docker endpoint on which to connect (tcp://, http:// or https://)",
    "token               Bearer token the berth daemon printed at startup",
    "",
    "Example:",
    "",
    '$ docker context create my-daemon --description "berth daemon" --docker "host=http://127.0.0.1:2375,token=TOKEN"',
  ].join("\n"),
  interspersed: true,
  args: { min: 1, max: 1 },
  flags: [{ name: "description", kind: "string", description: "Description of the context" }, dockerFlag],
};

export const contextLsSpec: CommandSpec = {
  name: "ls",
  alternateNames: ["list"],
  path: "docker context ls",
  usage: "docker context ls [OPTIONS]",
  description: "List contexts",
  helpAliases: "docker context ls, docker context list",
  interspersed: true,
  args: { max: 0 },
  flags: [
    { name: "format", kind: "string", description: listFormatHelp },
    { name: "quiet", shorthand: "q", kind: "bool", description: "Only show context names" },
  ],
};

export const contextUseSpec: CommandSpec = {
  name: "use",
  path: "docker context use",
  usage: "docker context use CONTEXT",
  description: "Set the current docker context",
  interspersed: true,
  args: { min: 1, max: 1 },
  flags: [],
};

export const contextShowSpec: CommandSpec = {
  name: "show",
  path: "docker context show",
  usage: "docker context show",
  description: "Print the name of the current context",
  interspersed: true,
  args: { max: 0 },
  flags: [],
};

export const contextRmSpec: CommandSpec = {
  name: "rm",
  alternateNames: ["remove"],
  path: "docker context rm",
  usage: "docker context rm CONTEXT [CONTEXT...]",
  description: "Remove one or more contexts",
  helpAliases: "docker context rm, docker context remove",
  interspersed: true,
  args: { min: 1 },
  flags: [{ name: "force", shorthand: "f", kind: "bool", description: "Force the removal of a context in use" }],
};

export const contextInspectSpec: CommandSpec = {
  name: "inspect",
  path: "docker context inspect",
  usage: "docker context inspect [OPTIONS] [CONTEXT] [CONTEXT...]",
  description: "Display detailed information on one or more contexts",
  interspersed: true,
  args: {},
  flags: [{ name: "format", shorthand: "f", kind: "string", description: inspectFormatHelp }],
};

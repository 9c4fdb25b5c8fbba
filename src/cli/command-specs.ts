// What each supported docker verb accepts: usage line, description, flags and argument count, with
// the wording of Docker's own help. Parsing and help text are both driven by these definitions.
// Image verbs are in image-command-specs.ts; command-tree.ts arranges all of them under `docker`.

import type { FlagSpec } from "./flags.ts";

export interface ArgCount {
  min?: number;
  max?: number;
}

export interface CommandSpec {
  /** The verb as typed; "" for the root `docker` command. */
  name: string;
  /** Other names the verb answers to under the same parent, e.g. "list" for `docker image ls`. */
  alternateNames?: readonly string[];
  /** The command path in messages, e.g. "docker run". */
  path: string;
  usage: string;
  description: string;
  /** Every way to type the command, as its help lists them under "Aliases:". */
  helpAliases?: string;
  flags: FlagSpec[];
  /** false: flags end at the first argument, so everything after IMAGE belongs to the container. */
  interspersed: boolean;
  args: ArgCount;
  /** Where the parent's help lists the verb. */
  category?: "common" | "management" | "other";
  /** The verbs of a command that only groups others (`docker image ls`, `docker system df`). */
  subcommands?: readonly CommandSpec[];
}

function validateEnv(value: string): string | undefined {
  return value.split("=")[0] === "" ? `invalid environment variable: ${value}` : undefined;
}

export const runSpec: CommandSpec = {
  name: "run",
  path: "docker run",
  usage: "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
  description: "Create and run a new container from an image",
  interspersed: false,
  args: { min: 1 },
  category: "common",
  flags: [
    {
      name: "detach",
      shorthand: "d",
      kind: "bool",
      description: "Run container in background and print container ID",
    },
    { name: "entrypoint", kind: "string", description: "Overwrite the default ENTRYPOINT of the image" },
    { name: "env", shorthand: "e", kind: "list", description: "Set environment variables", validate: validateEnv },
    { name: "hostname", shorthand: "h", kind: "string", description: "Container host name" },
    { name: "interactive", shorthand: "i", kind: "bool", description: "Keep STDIN open even if not attached" },
    { name: "name", kind: "string", description: "Assign a name to the container" },
    {
      name: "pull",
      kind: "string",
      description: 'Pull image before running ("always", "missing", "never")',
      defaultValue: "missing",
    },
    {
      name: "rm",
      kind: "bool",
      description: "Automatically remove the container and its associated anonymous volumes when it exits",
    },
    { name: "tty", shorthand: "t", kind: "bool", description: "Allocate a pseudo-TTY" },
    {
      name: "user",
      shorthand: "u",
      kind: "string",
      description: 'Username or UID (format: "<name|uid>[:<group|gid>]")',
    },
    { name: "workdir", shorthand: "w", kind: "string", description: "Working directory inside the container" },
  ],
};

export const psSpec: CommandSpec = {
  name: "ps",
  path: "docker ps",
  usage: "docker ps [OPTIONS]",
  description: "List containers",
  interspersed: true,
  args: { max: 0 },
  category: "common",
  flags: [
    { name: "all", shorthand: "a", kind: "bool", description: "Show all containers (default shows just running)" },
    { name: "no-trunc", kind: "bool", description: "Don't truncate output" },
    { name: "quiet", shorthand: "q", kind: "bool", description: "Only display container IDs" },
  ],
};

export const versionSpec: CommandSpec = {
  name: "version",
  path: "docker version",
  usage: "docker version",
  description: "Show the Docker version information",
  interspersed: true,
  args: { max: 0 },
  category: "common",
  flags: [],
};

export const infoSpec: CommandSpec = {
  name: "info",
  path: "docker info",
  usage: "docker info",
  description: "Display system-wide information",
  helpAliases: "docker system info, docker info",
  interspersed: true,
  args: { max: 0 },
  category: "common",
  flags: [],
};

export const rmSpec: CommandSpec = {
  name: "rm",
  path: "docker rm",
  usage: "docker rm [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Remove one or more containers",
  interspersed: true,
  args: { min: 1 },
  category: "other",
  flags: [
    {
      name: "force",
      shorthand: "f",
      kind: "bool",
      description: "Force the removal of a running container (uses SIGKILL)",
    },
  ],
};

export const systemDfSpec: CommandSpec = {
  name: "df",
  path: "docker system df",
  usage: "docker system df [OPTIONS]",
  description: "Show docker disk usage",
  interspersed: true,
  args: { max: 0 },
  flags: [{ name: "verbose", shorthand: "v", kind: "bool", description: "Show detailed information on space usage" }],
};

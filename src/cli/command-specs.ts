// What each docker verb accepts: usage line, description, flags and argument count, with the
// wording of Docker's own help. Parsing, help text and completion are all driven by these
// definitions. Here: the verbs that create, start and connect to containers, and the system verbs;
// image verbs are in image-command-specs.ts, the other container verbs in
// container-command-specs.ts; command-tree.ts arranges all of them under `docker`.

import {
  labelError,
  parseMemorySwap,
  parseNanoCpus,
  parseRamInBytes,
  validatorOf,
} from "./container-option-values.ts";
import { containerNetworkFlags } from "./container-network-flags.ts";
import type { FlagSpec } from "./flags.ts";
import { inspectFormatHelp } from "./format-flag-help.ts";
import { filterFlagError } from "./list-filters.ts";

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
  /** What the verb's own help says about it, when more than `description`. */
  longDescription?: string;
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

const detachKeysFlag: FlagSpec = {
  name: "detach-keys",
  kind: "string",
  description: "Override the key sequence for detaching a container",
};
const envFlags: FlagSpec[] = [
  { name: "env", shorthand: "e", kind: "list", description: "Set environment variables", validate: validateEnv },
  { name: "env-file", kind: "list", description: "Read in a file of environment variables" },
];
const interactiveFlag: FlagSpec = { name: "interactive", shorthand: "i", kind: "bool", description: "Keep STDIN open even if not attached" };
const ttyFlag: FlagSpec = { name: "tty", shorthand: "t", kind: "bool", description: "Allocate a pseudo-TTY" };
const workdirFlag: FlagSpec = { name: "workdir", shorthand: "w", kind: "string", description: "Working directory inside the container" };

/** The options `docker run` and `docker create` share: the container's configuration. */
const containerConfigFlags: FlagSpec[] = [
  { name: "cpus", kind: "string", typeName: "decimal", description: "Number of CPUs", validate: validatorOf(parseNanoCpus) },
  { name: "entrypoint", kind: "string", description: "Overwrite the default ENTRYPOINT of the image" },
  ...envFlags,
  { name: "hostname", shorthand: "h", kind: "string", description: "Container host name" },
  {
    name: "init",
    kind: "bool",
    description: "Run an init inside the container that forwards signals and reaps processes",
  },
  interactiveFlag,
  { name: "label", shorthand: "l", kind: "list", description: "Set meta data on a container", validate: labelError },
  { name: "memory", shorthand: "m", kind: "string", typeName: "bytes", description: "Memory limit", validate: validatorOf(parseRamInBytes) },
  {
    name: "memory-swap",
    kind: "string",
    typeName: "bytes",
    description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
    validate: validatorOf(parseMemorySwap),
  },
  { name: "name", kind: "string", description: "Assign a name to the container" },
  { name: "pids-limit", kind: "int", description: "Tune container pids limit (set -1 for unlimited)" },
  { name: "read-only", kind: "bool", description: "Mount the container's root filesystem as read only" },
  {
    name: "restart",
    kind: "string",
    description: "Restart policy to apply when a container exits",
    defaultValue: "no",
  },
  {
    name: "rm",
    kind: "bool",
    description: "Automatically remove the container and its associated anonymous volumes when it exits",
  },
  { name: "stop-signal", kind: "string", description: "Signal to stop the container" },
  { name: "stop-timeout", kind: "int", description: "Timeout (in seconds) to stop a container" },
  { name: "tmpfs", kind: "list", description: "Mount a tmpfs directory" },
  ttyFlag,
  {
    name: "user",
    shorthand: "u",
    kind: "string",
    description: "Username or UID (format: <name|uid>[:<group|gid>])",
  },
  workdirFlag,
  ...containerNetworkFlags,
];

export const runSpec: CommandSpec = {
  name: "run",
  path: "docker run",
  usage: "docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
  description: "Create and run a new container from an image",
  helpAliases: "docker container run, docker run",
  interspersed: false,
  args: { min: 1 },
  category: "common",
  flags: [
    ...containerConfigFlags,
    {
      name: "detach",
      shorthand: "d",
      kind: "bool",
      description: "Run container in background and print container ID",
    },
    detachKeysFlag,
    {
      name: "pull",
      kind: "string",
      description: 'Pull image before running ("always", "missing", "never")',
      defaultValue: "missing",
    },
  ],
};

export const createSpec: CommandSpec = {
  name: "create",
  path: "docker create",
  usage: "docker create [OPTIONS] IMAGE [COMMAND] [ARG...]",
  description: "Create a new container",
  helpAliases: "docker container create, docker create",
  interspersed: false,
  args: { min: 1 },
  category: "other",
  flags: [
    ...containerConfigFlags,
    // Docker's own wording, stray "|" included.
    {
      name: "pull",
      kind: "string",
      description: 'Pull image before creating ("always", "|missing", "never")',
      defaultValue: "missing",
    },
    { name: "quiet", shorthand: "q", kind: "bool", description: "Suppress the pull output" },
  ],
};

export const startSpec: CommandSpec = {
  name: "start",
  path: "docker start",
  usage: "docker start [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Start one or more stopped containers",
  helpAliases: "docker container start, docker start",
  interspersed: true,
  args: { min: 1 },
  category: "other",
  flags: [
    { name: "attach", shorthand: "a", kind: "bool", description: "Attach STDOUT/STDERR and forward signals" },
    detachKeysFlag,
    { name: "interactive", shorthand: "i", kind: "bool", description: "Attach container's STDIN" },
  ],
};

export const execSpec: CommandSpec = {
  name: "exec",
  path: "docker exec",
  usage: "docker exec [OPTIONS] CONTAINER COMMAND [ARG...]",
  description: "Execute a command in a running container",
  helpAliases: "docker container exec, docker exec",
  interspersed: false,
  args: { min: 2 },
  category: "common",
  flags: [
    { name: "detach", shorthand: "d", kind: "bool", description: "Detached mode: run command in the background" },
    detachKeysFlag,
    ...envFlags,
    interactiveFlag,
    { name: "privileged", kind: "bool", description: "Give extended privileges to the command" },
    ttyFlag,
    {
      name: "user",
      shorthand: "u",
      kind: "string",
      description: 'Username or UID (format: "<name|uid>[:<group|gid>]")',
    },
    workdirFlag,
  ],
};

export const attachSpec: CommandSpec = {
  name: "attach",
  path: "docker attach",
  usage: "docker attach [OPTIONS] CONTAINER",
  description: "Attach local standard input, output, and error streams to a running container",
  helpAliases: "docker container attach, docker attach",
  interspersed: true,
  args: { min: 1, max: 1 },
  category: "other",
  flags: [
    detachKeysFlag,
    { name: "no-stdin", kind: "bool", description: "Do not attach STDIN" },
    { name: "sig-proxy", kind: "bool", description: "Proxy all received signals to the process", defaultValue: "true" },
  ],
};

export const cpSpec: CommandSpec = {
  name: "cp",
  path: "docker cp",
  usage: "docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
  description: "Copy files/folders between a container and the local filesystem",
  longDescription: [
    "Copy files/folders between a container and the local filesystem",
    "",
    "Use '-' as the source to read a tar archive from stdin",
    "and extract it to a directory destination in a container.",
    "Use '-' as the destination to stream a tar archive of a",
    "container source to stdout.",
  ].join("\n"),
  helpAliases: "docker container cp, docker cp",
  interspersed: true,
  args: { min: 2, max: 2 },
  category: "other",
  flags: [
    { name: "archive", shorthand: "a", kind: "bool", description: "Archive mode (copy all uid/gid information)" },
    { name: "follow-link", shorthand: "L", kind: "bool", description: "Always follow symbol link in SRC_PATH" },
    {
      name: "quiet",
      shorthand: "q",
      kind: "bool",
      description:
        "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached",
    },
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
  usage: "docker info [OPTIONS]",
  description: "Display system-wide information",
  helpAliases: "docker system info, docker info",
  interspersed: true,
  args: { max: 0 },
  category: "common",
  flags: [{ name: "format", shorthand: "f", kind: "string", description: inspectFormatHelp }],
};

export const eventsSpec: CommandSpec = {
  name: "events",
  path: "docker events",
  usage: "docker events [OPTIONS]",
  description: "Get real time events from the server",
  helpAliases: "docker system events, docker events",
  interspersed: true,
  args: { max: 0 },
  category: "other",
  flags: [
    { name: "filter", shorthand: "f", kind: "list", typeName: "filter", description: "Filter output based on conditions provided", validate: filterFlagError },
    // Docker words it as inspect's --format.
    { name: "format", kind: "string", description: inspectFormatHelp },
    { name: "since", kind: "string", description: "Show all events created since timestamp" },
    { name: "until", kind: "string", description: "Stream events until this timestamp" },
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

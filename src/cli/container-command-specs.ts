// The container verbs that are plain engine calls plus formatting, worded as Docker's help words
// them. Each exists at the top level (`docker stop`) and under `docker container` (command-tree.ts
// derives those); `docker container inspect` and `docker container prune` only exist there.

import type { CommandSpec } from "./command-specs.ts";
import type { FlagSpec } from "./flags.ts";
import { inspectFormatHelp, listFormatHelp } from "./format-flag-help.ts";
import { filterFlagError, pruneFlags } from "./list-filters.ts";

const signalFlag: FlagSpec = { name: "signal", shorthand: "s", kind: "string", description: "Signal to send to the container" };
const stopTimeoutFlags: FlagSpec[] = [
  { name: "timeout", shorthand: "t", kind: "int", description: "Seconds to wait before killing the container" },
  {
    name: "time",
    kind: "int",
    description: "Seconds to wait before killing the container (deprecated: use --timeout)",
    deprecated: "use --timeout instead",
  },
];

/** A verb that acts on each of the containers it is given. */
function eachContainerVerb(name: string, description: string, flags: FlagSpec[], category: CommandSpec["category"] = "other"): CommandSpec {
  const options = flags.length > 0 ? "[OPTIONS] " : "";
  return {
    name,
    path: `docker ${name}`,
    usage: `docker ${name} ${options}CONTAINER [CONTAINER...]`,
    description,
    helpAliases: `docker container ${name}, docker ${name}`,
    interspersed: true,
    args: { min: 1 },
    category,
    flags,
  };
}

export const psSpec: CommandSpec = {
  name: "ps",
  path: "docker ps",
  usage: "docker ps [OPTIONS]",
  description: "List containers",
  helpAliases: "docker container ls, docker container list, docker container ps, docker ps",
  interspersed: true,
  args: { max: 0 },
  category: "common",
  flags: [
    { name: "all", shorthand: "a", kind: "bool", description: "Show all containers (default shows just running)" },
    {
      name: "filter",
      shorthand: "f",
      kind: "list",
      typeName: "filter",
      description: "Filter output based on conditions provided",
      validate: filterFlagError,
    },
    { name: "format", kind: "string", description: listFormatHelp },
    { name: "last", shorthand: "n", kind: "int", description: "Show n last created containers (includes all states)", defaultValue: "-1" },
    { name: "latest", shorthand: "l", kind: "bool", description: "Show the latest created container (includes all states)" },
    { name: "no-trunc", kind: "bool", description: "Don't truncate output" },
    { name: "quiet", shorthand: "q", kind: "bool", description: "Only display container IDs" },
    { name: "size", shorthand: "s", kind: "bool", description: "Display total file sizes" },
  ],
};

export const rmSpec: CommandSpec = {
  ...eachContainerVerb("rm", "Remove one or more containers", [
    { name: "force", shorthand: "f", kind: "bool", description: "Force the removal of a running container (uses SIGKILL)" },
    { name: "link", shorthand: "l", kind: "bool", description: "Remove the specified link" },
    { name: "volumes", shorthand: "v", kind: "bool", description: "Remove anonymous volumes associated with the container" },
  ]),
  helpAliases: "docker container rm, docker container remove, docker rm",
};

export const stopSpec = eachContainerVerb("stop", "Stop one or more running containers", [signalFlag, ...stopTimeoutFlags]);
export const restartSpec = eachContainerVerb("restart", "Restart one or more containers", [signalFlag, ...stopTimeoutFlags]);
export const killSpec = eachContainerVerb("kill", "Kill one or more running containers", [signalFlag]);
export const pauseSpec = eachContainerVerb("pause", "Pause all processes within one or more containers", []);
export const unpauseSpec = eachContainerVerb("unpause", "Unpause all processes within one or more containers", []);
export const waitSpec = eachContainerVerb("wait", "Block until one or more containers stop, then print their exit codes", []);

export const renameSpec: CommandSpec = {
  name: "rename",
  path: "docker rename",
  usage: "docker rename CONTAINER NEW_NAME",
  description: "Rename a container",
  helpAliases: "docker container rename, docker rename",
  interspersed: true,
  args: { min: 2, max: 2 },
  category: "other",
  flags: [],
};

export const topSpec: CommandSpec = {
  name: "top",
  path: "docker top",
  usage: "docker top CONTAINER [ps OPTIONS]",
  description: "Display the running processes of a container",
  helpAliases: "docker container top, docker top",
  interspersed: false,
  args: { min: 1 },
  category: "other",
  flags: [],
};

export const portSpec: CommandSpec = {
  name: "port",
  path: "docker port",
  usage: "docker port CONTAINER [PRIVATE_PORT[/PROTO]]",
  description: "List port mappings or a specific mapping for the container",
  helpAliases: "docker container port, docker port",
  interspersed: true,
  args: { min: 1, max: 2 },
  category: "other",
  flags: [],
};

const logsTimeHelp = (what: string) => `${what} (e.g. "2013-01-02T13:23:37Z") or relative (e.g. "42m" for 42 minutes)`;

export const logsSpec: CommandSpec = {
  name: "logs",
  path: "docker logs",
  usage: "docker logs [OPTIONS] CONTAINER",
  description: "Fetch the logs of a container",
  helpAliases: "docker container logs, docker logs",
  interspersed: true,
  args: { min: 1, max: 1 },
  category: "other",
  flags: [
    { name: "follow", shorthand: "f", kind: "bool", description: "Follow log output" },
    { name: "since", kind: "string", description: logsTimeHelp("Show logs since timestamp") },
    { name: "tail", shorthand: "n", kind: "string", description: "Number of lines to show from the end of the logs", defaultValue: "all" },
    { name: "timestamps", shorthand: "t", kind: "bool", description: "Show timestamps" },
    { name: "until", kind: "string", description: logsTimeHelp("Show logs before a timestamp") },
  ],
};

export const statsSpec: CommandSpec = {
  name: "stats",
  path: "docker stats",
  usage: "docker stats [OPTIONS] [CONTAINER...]",
  description: "Display a live stream of container(s) resource usage statistics",
  helpAliases: "docker container stats, docker stats",
  interspersed: true,
  args: {},
  category: "other",
  flags: [
    { name: "all", shorthand: "a", kind: "bool", description: "Show all containers (default shows just running)" },
    { name: "format", kind: "string", description: listFormatHelp },
    { name: "no-stream", kind: "bool", description: "Disable streaming stats and only pull the first result" },
    { name: "no-trunc", kind: "bool", description: "Do not truncate output" },
  ],
};

/** `docker inspect`: any object; berth has containers and images. */
export const inspectSpec: CommandSpec = {
  name: "inspect",
  path: "docker inspect",
  usage: "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
  description: "Return low-level information on Docker objects",
  interspersed: true,
  args: { min: 1 },
  category: "other",
  flags: [
    { name: "format", shorthand: "f", kind: "string", description: inspectFormatHelp },
    { name: "size", shorthand: "s", kind: "bool", description: "Display total file sizes if the type is container" },
    { name: "type", kind: "string", description: "Only inspect objects of the given type" },
  ],
};

export const containerInspectSpec: CommandSpec = {
  name: "inspect",
  path: "docker container inspect",
  usage: "docker container inspect [OPTIONS] CONTAINER [CONTAINER...]",
  description: "Display detailed information on one or more containers",
  interspersed: true,
  args: { min: 1 },
  flags: [
    { name: "format", shorthand: "f", kind: "string", description: inspectFormatHelp },
    { name: "size", shorthand: "s", kind: "bool", description: "Display total file sizes" },
  ],
};

export const containerPruneSpec: CommandSpec = {
  name: "prune",
  path: "docker container prune",
  usage: "docker container prune [OPTIONS]",
  description: "Remove all stopped containers",
  interspersed: true,
  args: { max: 0 },
  flags: [...pruneFlags],
};

export const diffSpec: CommandSpec = {
  name: "diff",
  path: "docker diff",
  usage: "docker diff CONTAINER",
  description: "Inspect changes to files or directories on a container's filesystem",
  helpAliases: "docker container diff, docker diff",
  interspersed: true,
  args: { min: 1, max: 1 },
  category: "other",
  flags: [],
};

export const commitSpec: CommandSpec = {
  name: "commit",
  path: "docker commit",
  usage: "docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
  description: "Create a new image from a container's changes",
  helpAliases: "docker container commit, docker commit",
  interspersed: true,
  args: { min: 1, max: 2 },
  category: "other",
  flags: [
    { name: "author", shorthand: "a", kind: "string", description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' },
    { name: "change", shorthand: "c", kind: "list", description: "Apply Dockerfile instruction to the created image" },
    { name: "message", shorthand: "m", kind: "string", description: "Commit message" },
    { name: "pause", shorthand: "p", kind: "bool", description: "Pause container during commit", defaultValue: "true" },
  ],
};

export const exportSpec: CommandSpec = {
  name: "export",
  path: "docker export",
  usage: "docker export [OPTIONS] CONTAINER",
  description: "Export a container's filesystem as a tar archive",
  helpAliases: "docker container export, docker export",
  interspersed: true,
  args: { min: 1, max: 1 },
  category: "other",
  flags: [{ name: "output", shorthand: "o", kind: "string", description: "Write to a file, instead of STDOUT" }],
};

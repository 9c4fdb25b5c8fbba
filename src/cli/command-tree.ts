// The whole `docker` command tree: the top-level verbs, and the management commands `docker image`
// and `docker system` whose verbs repeat top-level ones under the names Docker gives them there.

import { infoSpec, psSpec, rmSpec, runSpec, systemDfSpec, versionSpec, type CommandSpec } from "./command-specs.ts";
import {
  historySpec,
  imageInspectSpec,
  imagePruneSpec,
  imagesSpec,
  inspectSpec,
  pullSpec,
  rmiSpec,
  tagSpec,
} from "./image-command-specs.ts";

/** A top-level verb as it also appears under a management command: `docker images` as `docker image ls`. */
function asSubcommand(spec: CommandSpec, parentPath: string, name: string, alternateNames?: string[]): CommandSpec {
  const path = `${parentPath} ${name}`;
  return { ...spec, name, alternateNames, path, usage: spec.usage.replace(spec.path, path), category: undefined };
}

/** A command that only groups verbs: run without one, it shows its help. */
function managementCommand(name: string, description: string, subcommands: CommandSpec[]): CommandSpec {
  return {
    name,
    path: `docker ${name}`,
    usage: `docker ${name} COMMAND`,
    description,
    flags: [],
    interspersed: false,
    args: {},
    category: "management",
    // Docker's help lists a command's verbs by name.
    subcommands: subcommands.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export const imageSpec = managementCommand("image", "Manage images", [
  asSubcommand(historySpec, "docker image", "history"),
  imageInspectSpec,
  asSubcommand(imagesSpec, "docker image", "ls", ["list"]),
  imagePruneSpec,
  asSubcommand(pullSpec, "docker image", "pull"),
  asSubcommand(rmiSpec, "docker image", "rm", ["rmi", "remove"]),
  asSubcommand(tagSpec, "docker image", "tag"),
]);

export const systemSpec = managementCommand("system", "Manage Docker", [
  systemDfSpec,
  asSubcommand(infoSpec, "docker system", "info"),
]);

/** The top-level verbs in the order `docker --help` lists them within each category. */
export const verbSpecs: readonly CommandSpec[] = [
  runSpec,
  psSpec,
  pullSpec,
  imagesSpec,
  versionSpec,
  infoSpec,
  imageSpec,
  systemSpec,
  historySpec,
  inspectSpec,
  rmSpec,
  rmiSpec,
  tagSpec,
];

export const rootSpec: CommandSpec = {
  name: "",
  path: "docker",
  usage: "docker [OPTIONS] COMMAND [ARG...]",
  description: "A self-sufficient runtime for containers",
  flags: [],
  interspersed: false,
  args: {},
  subcommands: verbSpecs,
};

/** The verb `name` of the root or of a management command, found by its name or an alternate one. */
export function findSubcommand(parent: CommandSpec, name: string): CommandSpec | undefined {
  return parent.subcommands?.find((spec) => spec.name === name || spec.alternateNames?.includes(name));
}

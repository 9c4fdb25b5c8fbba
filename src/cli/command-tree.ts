// The whole `docker` command tree, built from the verbs (each a spec and its runner): the
// top-level verbs with docker's global options, and the management commands `docker container`,
// `docker context`, `docker image`, `docker network` and `docker system`, whose verbs repeat
// top-level ones under the names Docker gives them there. The help (specs) and the dispatch
// (runners) both come from here, so a verb is registered once.

import type { CommandSpec } from "./command-specs.ts";
import { attachVerb } from "./commands/attach.ts";
import { buildVerb } from "./commands/build.ts";
import { commitVerb } from "./commands/commit.ts";
import { cpVerb } from "./commands/cp.ts";
import { createVerb } from "./commands/create.ts";
import { diffVerb } from "./commands/diff.ts";
import { eventsVerb } from "./commands/events.ts";
import { execVerb } from "./commands/exec.ts";
import { exportVerb } from "./commands/export.ts";
import { startVerb } from "./commands/start.ts";
import { containerInspectVerb, imageInspectVerb, inspectVerb } from "./commands/inspect.ts";
import { containerPruneVerb } from "./commands/container-prune.ts";
import { contextCreateVerb } from "./commands/context-create.ts";
import { contextInspectVerb } from "./commands/context-inspect.ts";
import { contextLsVerb } from "./commands/context-ls.ts";
import { contextRmVerb } from "./commands/context-rm.ts";
import { contextShowVerb } from "./commands/context-show.ts";
import { contextUseVerb } from "./commands/context-use.ts";
import { historyVerb } from "./commands/history.ts";
import { imagePruneVerb } from "./commands/image-prune.ts";
import { imagesVerb } from "./commands/images.ts";
import { importVerb } from "./commands/import.ts";
import { loadVerb } from "./commands/load.ts";
import { saveVerb } from "./commands/save.ts";
import { infoVerb } from "./commands/info.ts";
import { killVerb } from "./commands/kill.ts";
import { logsVerb } from "./commands/logs.ts";
import { networkConnectVerb } from "./commands/network-connect.ts";
import { networkCreateVerb } from "./commands/network-create.ts";
import { networkDisconnectVerb } from "./commands/network-disconnect.ts";
import { networkInspectVerb } from "./commands/network-inspect.ts";
import { networkLsVerb } from "./commands/network-ls.ts";
import { networkPruneVerb } from "./commands/network-prune.ts";
import { networkRmVerb } from "./commands/network-rm.ts";
import { pauseVerb, unpauseVerb } from "./commands/pause.ts";
import { portVerb } from "./commands/port.ts";
import { psVerb } from "./commands/ps.ts";
import { pullVerb } from "./commands/pull.ts";
import { pushVerb } from "./commands/push.ts";
import { loginVerb } from "./commands/login.ts";
import { logoutVerb } from "./commands/logout.ts";
import { renameVerb } from "./commands/rename.ts";
import { rmVerb } from "./commands/rm.ts";
import { rmiVerb } from "./commands/rmi.ts";
import { runVerb } from "./commands/run.ts";
import { statsVerb } from "./commands/stats.ts";
import { restartVerb, stopVerb } from "./commands/stop.ts";
import { systemDfVerb } from "./commands/system-df.ts";
import { tagVerb } from "./commands/tag.ts";
import { topVerb } from "./commands/top.ts";
import { versionVerb } from "./commands/version.ts";
import { waitVerb } from "./commands/wait.ts";
import type { Verb, VerbRunner } from "./context.ts";
import type { FlagSpec } from "./flags.ts";
import { daemonBaseUrl, InvalidDaemonHostError } from "../remote-engine/daemon-host.ts";

/** A management command's spec (listing its verbs by name) and the verbs themselves. */
interface CommandGroup {
  spec: CommandSpec;
  verbs: readonly Verb[];
}

/** A top-level verb as it also appears under a management command: `docker ps` as `docker container ls`. */
function asSubcommand(verb: Verb, parentPath: string, name = verb.spec.name, alternateNames?: string[]): Verb {
  const { spec } = verb;
  const path = `${parentPath} ${name}`;
  return { spec: { ...spec, name, alternateNames, path, usage: spec.usage.replace(spec.path, path), category: undefined }, run: verb.run };
}

/** A command that only groups verbs: run without one, it shows its help. */
function managementCommand(name: string, description: string, verbs: Verb[]): CommandGroup {
  const path = `docker ${name}`;
  const sorted = verbs.map((verb) => (verb.spec.path.startsWith(`${path} `) ? verb : asSubcommand(verb, path)));
  // Docker's help lists a command's verbs by name.
  sorted.sort((a, b) => (a.spec.name < b.spec.name ? -1 : 1));
  return {
    spec: {
      name,
      path,
      usage: `${path} COMMAND`,
      description,
      flags: [],
      interspersed: false,
      args: {},
      category: "management",
      subcommands: sorted.map((verb) => verb.spec),
    },
    verbs: sorted,
  };
}

const containerGroup = managementCommand("container", "Manage containers", [
  attachVerb,
  commitVerb,
  cpVerb,
  createVerb,
  diffVerb,
  execVerb,
  exportVerb,
  containerInspectVerb,
  killVerb,
  logsVerb,
  asSubcommand(psVerb, "docker container", "ls", ["list", "ps"]),
  pauseVerb,
  portVerb,
  containerPruneVerb,
  renameVerb,
  restartVerb,
  asSubcommand(rmVerb, "docker container", "rm", ["remove"]),
  runVerb,
  startVerb,
  statsVerb,
  stopVerb,
  topVerb,
  unpauseVerb,
  waitVerb,
]);

const imageGroup = managementCommand("image", "Manage images", [
  buildVerb,
  historyVerb,
  importVerb,
  imageInspectVerb,
  loadVerb,
  asSubcommand(imagesVerb, "docker image", "ls", ["list"]),
  imagePruneVerb,
  pullVerb,
  pushVerb,
  asSubcommand(rmiVerb, "docker image", "rm", ["rmi", "remove"]),
  saveVerb,
  tagVerb,
]);

const contextGroup = managementCommand("context", "Manage contexts", [
  contextCreateVerb,
  contextInspectVerb,
  contextLsVerb,
  contextRmVerb,
  contextShowVerb,
  contextUseVerb,
]);

const networkGroup = managementCommand("network", "Manage networks", [
  networkConnectVerb,
  networkCreateVerb,
  networkDisconnectVerb,
  networkInspectVerb,
  networkLsVerb,
  networkPruneVerb,
  networkRmVerb,
]);

const systemGroup = managementCommand("system", "Manage Docker", [systemDfVerb, asSubcommand(eventsVerb, "docker system"), asSubcommand(infoVerb, "docker system")]);

export const imageSpec = imageGroup.spec;

/** The top-level verbs in the order `docker --help` lists them within each category. */
const topLevelVerbs: readonly Verb[] = [
  // Common commands, in Docker's order.
  runVerb,
  execVerb,
  psVerb,
  buildVerb,
  pullVerb,
  pushVerb,
  imagesVerb,
  loginVerb,
  logoutVerb,
  versionVerb,
  infoVerb,
  // The other commands, by name.
  attachVerb,
  commitVerb,
  cpVerb,
  createVerb,
  diffVerb,
  eventsVerb,
  exportVerb,
  historyVerb,
  importVerb,
  inspectVerb,
  killVerb,
  loadVerb,
  logsVerb,
  pauseVerb,
  portVerb,
  renameVerb,
  restartVerb,
  rmVerb,
  rmiVerb,
  saveVerb,
  startVerb,
  statsVerb,
  stopVerb,
  tagVerb,
  topVerb,
  unpauseVerb,
  waitVerb,
];
const groups = [containerGroup, contextGroup, imageGroup, networkGroup, systemGroup];

export const verbSpecs: readonly CommandSpec[] = [...topLevelVerbs.map((verb) => verb.spec), ...groups.map((group) => group.spec)];

/** Each verb's runner by its command path; a verb reachable two ways has two entries. */
export const verbRunners: ReadonlyMap<string, VerbRunner> = new Map(
  [...topLevelVerbs, ...groups.flatMap((group) => group.verbs)].map((verb) => [verb.spec.path, verb.run]),
);

/** `-H`'s value must be an address the page can reach. */
function hostError(value: string): string | undefined {
  try {
    daemonBaseUrl(value);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidDaemonHostError) return error.message;
    throw error;
  }
}

/** The options `docker` itself takes before the verb: which daemon to talk to. */
const globalFlags: FlagSpec[] = [
  {
    name: "context",
    shorthand: "c",
    kind: "string",
    description: 'Name of the context to use to connect to the daemon (overrides the default context set with "docker context use")',
  },
  { name: "host", shorthand: "H", kind: "list", description: "Daemon socket to connect to", validate: hostError },
];

export const rootSpec: CommandSpec = {
  name: "",
  path: "docker",
  usage: "docker [OPTIONS] COMMAND [ARG...]",
  description: "A self-sufficient runtime for containers",
  flags: globalFlags,
  interspersed: false,
  args: {},
  subcommands: verbSpecs,
};

/** The verb `name` of the root or of a management command, found by its name or an alternate one. */
export function findSubcommand(parent: CommandSpec, name: string): CommandSpec | undefined {
  return parent.subcommands?.find((spec) => spec.name === name || spec.alternateNames?.includes(name));
}

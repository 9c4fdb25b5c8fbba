// The options of `docker run` (and `docker create`) as named values, read from its parsed flags and
// arguments (IMAGE first, then the container's command), and the checks Docker's CLI makes of them
// before it creates anything.

import {
  parseMemorySwap,
  parseNanoCpus,
  parseRamInBytes,
  parseRestartPolicy,
  OptionValueError,
  restarts,
} from "./container-option-values.ts";
import type { FlagValues } from "./flags.ts";
import { endpointsConfig, normalizeDnsSearch, normalizeDnsServer, normalizeExtraHost } from "./network-options.ts";
import { parsePortOptions } from "./port-specs.ts";

export interface RunOptions {
  image: string;
  command: string[];
  env: string[];
  /** --env-file paths; a browser tab has no files to read them from. */
  envFiles: string[];
  /** "" resets the image's entrypoint, as `--entrypoint=""` does. */
  entrypoint?: string;
  workdir?: string;
  user?: string;
  name?: string;
  hostname?: string;
  autoRemove: boolean;
  interactive: boolean;
  tty: boolean;
  detach: boolean;
  detachKeys?: string;
  /** When to pull the image: "always", "missing" or "never" (see runOptionsError). */
  pull: string;
  /** Set only when --init was given, as Docker leaves it to the daemon's default otherwise. */
  init?: boolean;
  readOnly: boolean;
  /** As typed: "no", "on-failure:3" (see runOptionsError). */
  restart: string;
  /** Bytes. */
  memory?: number;
  /** Bytes, -1 for unlimited swap. */
  memorySwap?: number;
  nanoCpus?: number;
  pidsLimit?: number;
  stopSignal?: string;
  stopTimeout?: number;
  /** `key[=value]` as given to --label. */
  labels: string[];
  /** `path[:options]` as given to --tmpfs. */
  tmpfs: string[];
  /** --network values as typed (a name, or the long syntax), first one first. */
  networks: string[];
  networkAliases: string[];
  /** --ip */
  ipv4Address?: string;
  /** --add-host entries as "name:address". */
  extraHosts: string[];
  /** --dns servers in canonical form. */
  dns: string[];
  /** --dns-search domains as Docker's CLI keeps them, and --dns-option options as given. */
  dnsSearch: string[];
  dnsOptions: string[];
  /** -p values as typed (see port-specs.ts). */
  publish: string[];
  publishAll: boolean;
  /** --expose values as typed. */
  expose: string[];
}

/** The flags' values were checked as they were parsed, so reading them cannot fail. */
export function readRunOptions(flags: FlagValues, args: readonly string[]): RunOptions {
  const [image, ...command] = args;
  const given = (name: string) => flags.string(name) || undefined;
  const memory = given("memory");
  const memorySwap = given("memory-swap");
  const cpus = given("cpus");
  return {
    image,
    command,
    // A bare `-e NAME` takes NAME's value from the client's environment; a browser tab has none.
    env: flags.list("env").filter((entry) => entry.includes("=")),
    envFiles: flags.list("env-file"),
    entrypoint: flags.string("entrypoint"),
    workdir: given("workdir"),
    user: given("user"),
    name: given("name"),
    hostname: given("hostname"),
    autoRemove: flags.bool("rm"),
    interactive: flags.bool("interactive"),
    tty: flags.bool("tty"),
    detach: flags.bool("detach"),
    detachKeys: given("detach-keys"),
    pull: flags.string("pull") ?? "missing",
    init: flags.changed("init") ? flags.bool("init") : undefined,
    readOnly: flags.bool("read-only"),
    restart: flags.string("restart") ?? "no",
    memory: memory === undefined ? undefined : parseRamInBytes(memory),
    memorySwap: memorySwap === undefined ? undefined : parseMemorySwap(memorySwap),
    nanoCpus: cpus === undefined ? undefined : parseNanoCpus(cpus),
    pidsLimit: flags.changed("pids-limit") ? flags.int("pids-limit") : undefined,
    stopSignal: given("stop-signal"),
    stopTimeout: flags.changed("stop-timeout") ? flags.int("stop-timeout") : undefined,
    labels: flags.list("label"),
    tmpfs: flags.list("tmpfs"),
    networks: flags.list("network"),
    networkAliases: flags.list("network-alias"),
    ipv4Address: given("ip"),
    extraHosts: flags.list("add-host").map(normalizeExtraHost),
    dns: flags.list("dns").map(normalizeDnsServer),
    dnsSearch: flags.list("dns-search").map(normalizeDnsSearch),
    dnsOptions: flags.list("dns-option"),
    publish: flags.list("publish"),
    publishAll: flags.bool("publish-all"),
    expose: flags.list("expose"),
  };
}

/** What Docker's CLI refuses in the options before creating the container, in the order it checks. */
export function runOptionsError(options: RunOptions): string | undefined {
  // An empty --pull means "never".
  if (!["always", "missing", "never", ""].includes(options.pull)) {
    return `invalid pull option: '${options.pull}': must be one of "always", "missing" or "never"`;
  }
  try {
    parsePortOptions(options.publish, options.expose);
    const [envFile] = options.envFiles;
    if (envFile !== undefined) return `open ${envFile}: no such file or directory`;
    const restartPolicy = parseRestartPolicy(options.restart);
    if (options.autoRemove && restarts(restartPolicy)) return "conflicting options: cannot specify both --restart and --rm";
    endpointsConfig(options.networks, { aliases: options.networkAliases, ipv4Address: options.ipv4Address });
    return undefined;
  } catch (error) {
    if (error instanceof OptionValueError) return error.message;
    throw error;
  }
}

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
import type { RestartPolicy } from "../api/types.ts";
import type { FlagValues } from "./flags.ts";

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
  };
}

/** What Docker's CLI refuses in the options before creating the container, in the order it checks. */
export function runOptionsError(options: RunOptions): string | undefined {
  const [envFile] = options.envFiles;
  if (envFile !== undefined) return `open ${envFile}: no such file or directory`;
  let restartPolicy: RestartPolicy;
  try {
    restartPolicy = parseRestartPolicy(options.restart);
  } catch (error) {
    if (error instanceof OptionValueError) return error.message;
    throw error;
  }
  if (options.autoRemove && restarts(restartPolicy)) return "conflicting options: cannot specify both --restart and --rm";
  // An empty --pull means "never".
  if (["always", "missing", "never", ""].includes(options.pull)) return undefined;
  return `invalid pull option: '${options.pull}': must be one of "always", "missing" or "never"`;
}

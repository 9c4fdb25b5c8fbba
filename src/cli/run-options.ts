// The options of `docker run` as named values, read from its parsed flags and arguments
// (IMAGE first, then the container's command).

import type { FlagValues } from "./flags.ts";

export interface RunOptions {
  image: string;
  command: string[];
  env: string[];
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
  /** When to pull the image: "always", "missing" or "never" (see pullPolicyError). */
  pull: string;
}

export function readRunOptions(flags: FlagValues, args: readonly string[]): RunOptions {
  const [image, ...command] = args;
  return {
    image,
    command,
    // A bare `-e NAME` takes NAME's value from the client's environment; a browser tab has none.
    env: flags.list("env").filter((entry) => entry.includes("=")),
    entrypoint: flags.string("entrypoint"),
    workdir: flags.string("workdir") || undefined,
    user: flags.string("user") || undefined,
    name: flags.string("name") || undefined,
    hostname: flags.string("hostname") || undefined,
    autoRemove: flags.bool("rm"),
    interactive: flags.bool("interactive"),
    tty: flags.bool("tty"),
    detach: flags.bool("detach"),
    pull: flags.string("pull") ?? "missing",
  };
}

/** Docker's complaint about a --pull value it does not know; an empty value means "never". */
export function pullPolicyError(pull: string): string | undefined {
  if (["always", "missing", "never", ""].includes(pull)) return undefined;
  return `invalid pull option: '${pull}': must be one of "always", "missing" or "never"`;
}

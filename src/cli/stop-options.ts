// The -s/--signal and -t/--timeout options of docker stop and docker restart (--time is their
// deprecated spelling of --timeout; giving both is refused, as Docker refuses it).

import type { FlagValues } from "./flags.ts";

export interface StopOptions {
  signal?: string;
  /** Seconds to wait before killing; the container's own stop timeout when not given. */
  t?: number;
}

export function readStopOptions(flags: FlagValues): StopOptions | { error: string } {
  if (flags.changed("time") && flags.changed("timeout")) {
    return { error: "conflicting options: cannot specify both --timeout and --time" };
  }
  const timeoutFlag = flags.changed("time") ? "time" : "timeout";
  const options: StopOptions = {};
  const signal = flags.string("signal");
  if (signal) options.signal = signal;
  if (flags.changed(timeoutFlag)) options.t = flags.int(timeoutFlag);
  return options;
}

// How a failure to start a container's process maps to a shell's exit codes, as Docker's daemon
// records it and its CLI returns it.

/** 127 when the command was not found, 126 when it could not be invoked, else undefined. */
export function commandFailureExitCode(message: string): 126 | 127 | undefined {
  // runc's words ("executable file not found in $PATH") and crun's ("executable file `x` not found").
  if (/executable file .*not found|no such file or directory/i.test(message)) return 127;
  if (/permission denied|is a directory/i.test(message)) return 126;
  return undefined;
}

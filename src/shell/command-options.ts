// What the host shell's file commands share: single-letter options (`-rf`), and a failure's reason in
// the words a shell prints ("No such file or directory").

import { isEngineError } from "../api/errors.ts";

export type ParsedOptions = { flags: Set<string>; operands: string[] } | { unknown: string };

/** Splits `-x`, `-xy` options (of `allowed` letters) from operands; `--` ends the options, `-` is an operand. */
export function parseOptions(args: string[], allowed: string): ParsedOptions {
  const flags = new Set<string>();
  const operands: string[] = [];
  let optionsEnded = false;
  for (const arg of args) {
    if (optionsEnded || arg === "-" || !arg.startsWith("-")) operands.push(arg);
    else if (arg === "--") optionsEnded = true;
    else
      for (const letter of arg.slice(1)) {
        if (!allowed.includes(letter)) return { unknown: letter };
        flags.add(letter);
      }
  }
  return { flags, operands };
}

/**
 * The reason of a workspace failure as a shell words it: the engine says "open /x: no such file or
 * directory", the shell "No such file or directory".
 */
export function failureReason(error: unknown): string {
  if (!isEngineError(error)) return error instanceof Error ? error.message : String(error);
  const reason = error.message.slice(error.message.lastIndexOf(": ") + 2);
  return reason.charAt(0).toUpperCase() + reason.slice(1);
}

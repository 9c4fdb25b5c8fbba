// Signal names and numbers for Linux on i386, as `docker kill --signal` accepts them.

import { EngineError } from "../../src/api/errors.ts";

const signalNumbers: Record<string, number> = {
  HUP: 1, INT: 2, QUIT: 3, ILL: 4, TRAP: 5, ABRT: 6, BUS: 7, FPE: 8, KILL: 9, USR1: 10, SEGV: 11,
  USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, STKFLT: 16, CHLD: 17, CONT: 18, STOP: 19, TSTP: 20,
  TTIN: 21, TTOU: 22, URG: 23, XCPU: 24, XFSZ: 25, VTALRM: 26, PROF: 27, WINCH: 28, IO: 29,
  PWR: 30, SYS: 31,
};

/** "SIGINT", "int", "2" → 2. */
export function parseSignal(signal: string): number {
  const trimmed = signal.trim();
  if (/^\d+$/.test(trimmed)) {
    const number = Number(trimmed);
    if (number >= 1 && number <= 64) return number;
  }
  const number = signalNumbers[trimmed.toUpperCase().replace(/^SIG/, "")];
  if (number === undefined) throw new EngineError("invalid", `Invalid signal: ${signal}`);
  return number;
}

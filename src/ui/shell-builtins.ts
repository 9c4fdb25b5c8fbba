// Words the page's shell answers itself; everything else goes to the docker CLI.

export type Builtin = "help" | "clear";

export function builtinFor(line: string): Builtin | undefined {
  const word = line.trim();
  return word === "help" || word === "clear" ? word : undefined;
}

export const shellHelp = [
  "This terminal runs the docker CLI against an engine in your browser tab.",
  "Type docker commands, for example:",
  "  docker run --rm busybox echo hello",
  "  docker run -it busybox sh",
  "  docker ps -a   ·   docker images   ·   docker info",
  "Other words: help, clear. Line editing: arrows, Home/End, history with up/down, Ctrl-C.",
  "",
].join("\n");

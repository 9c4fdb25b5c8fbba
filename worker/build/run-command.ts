// What a RUN executes: the exec form as it is; the shell form in the stage's SHELL. With
// here-documents, a RUN that is only `<<EOF` runs the body as the shell's script, and any other
// gets the bodies after its line, so the shell reads them as its own here-documents.

import type { ContainerDefaults } from "../images/oci-types.ts";
import { shellOf } from "./config-steps.ts";
import type { CommandLine } from "./dockerfile-plan.ts";
import type { HeredocBody } from "./dockerfile-syntax.ts";

export function runCommand(step: { command: CommandLine; heredocs: HeredocBody[] }, config: ContainerDefaults): string[] {
  const { command: line, heredocs } = step;
  if ("exec" in line) return line.exec;
  const shell = shellOf(config);
  if (heredocs.length === 0) return [...shell, line.shell];
  const alone = /^<<-?(["']?)([^\s"']+)\1$/.exec(line.shell.trim());
  if (alone && heredocs.length === 1 && alone[2] === heredocs[0]!.name) return [...shell, heredocs[0]!.content];
  const bodies = heredocs.map((heredoc) => `${heredoc.content}${heredoc.name}\n`).join("");
  return [...shell, `${line.shell}\n${bodies}`];
}

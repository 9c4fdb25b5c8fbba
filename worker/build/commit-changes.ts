// `docker commit --change`: Dockerfile instructions applied to the new image's config, as Docker
// allows them there (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME, WORKDIR), with
// their words expanded from the config's own ENV.

import { EngineError } from "../../src/api/errors.ts";
import type { ContainerDefaults } from "../images/oci-types.ts";
import { applyConfigInstruction, type InstructionScope } from "./config-instruction.ts";
import { workdirPath } from "./config-steps.ts";
import { planTrigger } from "./dockerfile-plan.ts";
import { expandWord, type Variables } from "./shell-lexer.ts";

const changeCommands = new Set(["CMD", "ENTRYPOINT", "ENV", "EXPOSE", "LABEL", "ONBUILD", "USER", "VOLUME", "WORKDIR"]);
const escape = "\\";

/** Applies `changes` (one instruction per line) to `config`; an instruction Docker refuses there is a bad parameter. */
export function applyCommitChanges(config: ContainerDefaults, changes: string): void {
  const scope: InstructionScope = { variables: new Map(), escape, declareArg: () => undefined, setAuthor: () => undefined, cmdSet: false };
  for (const line of changes.split("\n").map((text) => text.trim()).filter((text) => text !== "")) {
    const step = planTrigger(line, escape);
    if (!changeCommands.has(step.kind)) throw new EngineError("invalid", `${step.kind} is not a valid change command`);
    scope.variables = environment(config);
    if (step.kind === "WORKDIR") config.WorkingDir = workdirPath(config.WorkingDir, expandWord(step.value, scope.variables, escape).value);
    else applyConfigInstruction(config, step, scope);
  }
}

function environment(config: ContainerDefaults): Variables {
  return new Map(
    (config.Env ?? []).map((variable) => {
      const equals = variable.indexOf("=");
      return equals === -1 ? [variable, ""] : [variable.slice(0, equals), variable.slice(equals + 1)];
    }),
  );
}

// The instructions that only change an image's config (ENV, LABEL, USER, CMD, ENTRYPOINT, EXPOSE,
// VOLUME, STOPSIGNAL, SHELL, HEALTHCHECK, ONBUILD, and ARG and MAINTAINER for a build): each is
// applied to the config with its words expanded as Docker's dispatcher does, and gives the text of
// its history entry. A build stage and `docker commit --change` both apply them here.

import { EngineError } from "../../src/api/errors.ts";
import type { ContainerDefaults } from "../images/oci-types.ts";
import * as configSteps from "./config-steps.ts";
import type { Command } from "./dockerfile-plan.ts";
import { expandWord, expandWords, type Variables } from "./shell-lexer.ts";

/** What an instruction sees around it: the variables to expand with, and the stage's state. */
export interface InstructionScope {
  variables: Variables;
  escape: string;
  /** ARG: a build arg the stage declares. */
  declareArg(name: string, value: string | undefined): void;
  /** MAINTAINER: the image's author. */
  setAuthor(author: string): void;
  /** Whether CMD was set in this stage already (an ENTRYPOINT then keeps it). */
  cmdSet: boolean;
}

export function applyConfigInstruction(config: ContainerDefaults, step: Command, scope: InstructionScope): string {
  const word = (text: string) => expandWord(text, scope.variables, scope.escape).value;
  const expand = "literal" in step && step.literal ? (text: string) => text : word;
  const pairs = (list: { key: string; value?: string }[]) => list.map(({ key, value }) => ({ key: expand(key), value: value === undefined ? undefined : expand(value) }));
  switch (step.kind) {
    case "ENV": {
      const expanded = pairs(step.pairs);
      if (expanded.some(({ key }) => key === "")) throw new EngineError("invalid", "ENV names can not be blank");
      return configSteps.setEnv(config, expanded);
    }
    case "LABEL":
      return configSteps.addLabels(config, pairs(step.pairs));
    case "ARG": {
      const declared = pairs(step.pairs);
      for (const { key, value } of declared) scope.declareArg(key, value);
      return `ARG ${declared.map(({ key, value }) => (value === undefined ? key : `${key}=${value}`)).join(" ")}`;
    }
    case "USER":
      config.User = word(step.value);
      return `USER ${config.User}`;
    case "MAINTAINER":
      scope.setAuthor(step.value);
      return `MAINTAINER ${step.value}`;
    case "CMD": {
      config.Cmd = configSteps.resolveCommandLine(step.command, config);
      scope.cmdSet = scope.cmdSet || !("exec" in step.command && step.command.exec.length === 0);
      return `CMD ${configSteps.goQuotedList(config.Cmd)}`;
    }
    case "ENTRYPOINT":
      config.Entrypoint = configSteps.resolveCommandLine(step.command, config);
      if (!scope.cmdSet) config.Cmd = null;
      return `ENTRYPOINT ${configSteps.goQuotedList(config.Entrypoint)}`;
    case "EXPOSE":
      return configSteps.exposePorts(config, step.ports.flatMap((port) => expandWords(port, scope.variables, scope.escape)));
    case "VOLUME": {
      const paths = step.paths.map(word);
      if (paths.some((path) => path === "")) throw new EngineError("invalid", "VOLUME specified can not be an empty string");
      return configSteps.addVolumes(config, paths);
    }
    case "STOPSIGNAL":
      return configSteps.setStopSignal(config, word(step.value));
    case "SHELL":
      config.Shell = step.shell;
      return `SHELL [${step.shell.join(" ")}]`;
    case "HEALTHCHECK":
      return configSteps.setHealthcheck(config, step.health);
    case "ONBUILD":
      config.OnBuild = [...(config.OnBuild ?? []), step.expression];
      return `ONBUILD ${step.expression}`;
    default:
      throw new EngineError("invalid", `unsupported command type: ${step.kind}`);
  }
}

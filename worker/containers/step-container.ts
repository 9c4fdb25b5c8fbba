// One `RUN` step of a build (and anything else that needs a command's changes as a layer): a
// throwaway container from the image so far runs the command with that image's defaults, its
// output goes to the caller, and once it exits its writable layer becomes an OCI layer tar. The
// container is removed whatever happens.

import type { OutputSink } from "../../src/api/engine-api.ts";
import type { ContainerDefaults } from "../images/oci-types.ts";
import { attachContainer } from "./container-attach.ts";
import type { ContainerService } from "./container-service.ts";
import type { ContainerSnapshots } from "./container-snapshot.ts";

export interface StepRun {
  /** The image the step runs on (its id). */
  parentImageId: string;
  /** The defaults so far (Env, WorkingDir, User…); ENTRYPOINT and CMD do not apply to RUN. */
  config: ContainerDefaults;
  /** The whole argv, a shell form already wrapped in the SHELL. */
  command: string[];
  output: OutputSink;
  /** Told the container's id once it exists (the builder prints " ---> Running in <id>"). */
  onCreated?(containerId: string): void;
}

export interface StepResult {
  containerId: string;
  exitCode: number;
  /** The step's changes as an OCI layer tar (uncompressed). */
  layer: Uint8Array;
}

export async function runStepContainer(containers: ContainerService, snapshots: ContainerSnapshots, step: StepRun): Promise<StepResult> {
  const { Id: id } = await containers.create(undefined, {
    Image: step.parentImageId,
    Cmd: step.command,
    Entrypoint: [],
    Env: step.config.Env,
    WorkingDir: step.config.WorkingDir,
    User: step.config.User,
    Labels: {},
  });
  step.onCreated?.(id);
  try {
    const attached = attachContainer(containers, id, { stdout: true, stderr: true }, step.output);
    const exit = containers.wait(id, "next-exit");
    await containers.start(id);
    const { StatusCode: exitCode } = await exit;
    await attached.done();
    return { containerId: id, exitCode, layer: exitCode === 0 ? await snapshots.layer(id) : new Uint8Array() };
  } finally {
    await containers.remove(id, true).catch(() => undefined);
  }
}

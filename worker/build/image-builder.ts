// `docker build` with Docker's classic builder: reads the context and the Dockerfile, plans the
// stages (up to --target), processes the ARGs before FROM, builds each stage from its base image
// (a stored image, one pulled for it, an earlier stage, or scratch), runs the base image's ONBUILD
// triggers, then the steps, and tags the last stage's image. Every step is numbered as Docker
// numbers it ("Step 3/7"), --label adds LABEL steps to the last stage, and an error ends the
// build with nothing stored for the failing step.

import type { MessageSink } from "../../src/api/engine-api.ts";
import { EngineError } from "../../src/api/errors.ts";
import type { BuildInfo } from "../../src/api/types.ts";
import type { ImageRecord } from "../images/image-store.ts";
import { familiarString, parseImageReference, referenceString, withDefaultTag } from "../images/reference.ts";
import { createRootfsTree, type RootfsTree } from "../rootfs/tree.ts";
import { BuildArgs } from "./build-args.ts";
import type { BuildBackend } from "./build-backend.ts";
import { readBuildContext } from "./build-context.ts";
import { BuildOutput } from "./build-output.ts";
import { planDockerfile, planTrigger, type DockerfilePlan, type Stage, type Step } from "./dockerfile-plan.ts";
import { expandWord } from "./shell-lexer.ts";
import { StageBuilder } from "./stage-builder.ts";

export interface BuildRequest {
  /** The context: a tar (gzip allowed). */
  context: Uint8Array;
  /** The Dockerfile's path in the context (default "Dockerfile"). */
  dockerfile?: string;
  tags: string[];
  /** --build-arg: a null value means "take it from the environment", which a daemon has not. */
  buildArgs: Record<string, string | null>;
  labels: Record<string, string>;
  target?: string;
  noCache: boolean;
  /** Pull base images even when they are stored. */
  pull: boolean;
  quiet: boolean;
  /** Aborted when the client hangs up: the build stops before its next step. */
  signal?: AbortSignal;
}

interface StageResult {
  name?: string;
  image: ImageRecord | undefined;
}

/** Builds the image and returns its id; the stream gets Docker's messages. */
export async function buildImage(backend: BuildBackend, request: BuildRequest, sink: MessageSink<BuildInfo>): Promise<string> {
  const output = new BuildOutput(sink, request.quiet);
  try {
    const tags = request.tags.map(checkedTag);
    const context = await readBuildContext(request.context, request.dockerfile || "Dockerfile");
    const plan = planDockerfile(context.dockerfile, context.dockerfileName);
    const stages = stagesUpToTarget(plan, request.target);
    addLabelSteps(stages.at(-1)!, request.labels);
    const build = new Build(backend, request, output, plan, context.tree);
    const image = await build.run(stages);
    for (const tag of tags) await backend.images.tag(image.id, referenceString(tag));
    output.built(image.id, tags.map((tag) => familiarString(tag)));
    return image.id;
  } catch (error) {
    output.failed();
    throw error;
  }
}

function checkedTag(tag: string) {
  try {
    const reference = withDefaultTag(parseImageReference(tag));
    if (reference.digest !== undefined) throw new Error("digest");
    return reference;
  } catch {
    throw new EngineError("invalid", `invalid reference format: ${JSON.stringify(tag)}`);
  }
}

function stagesUpToTarget(plan: DockerfilePlan, target: string | undefined): Stage[] {
  if (!target) return plan.stages;
  const index = plan.stages.findIndex((stage) => stage.name === target.toLowerCase());
  if (index === -1) throw new EngineError("invalid", `target stage ${JSON.stringify(target)} could not be found`);
  return plan.stages.slice(0, index + 1);
}

/** --label k=v: one LABEL step each, sorted, at the end of the last stage (taken literally). */
function addLabelSteps(stage: Stage, labels: Record<string, string>): void {
  for (const key of Object.keys(labels).sort()) {
    stage.steps.push({ kind: "LABEL", pairs: [{ key, value: labels[key]! }], literal: true, line: 0, original: `LABEL ${key}=${labels[key]}` });
  }
}

class Build {
  readonly #args: BuildArgs;
  readonly #results: StageResult[] = [];
  #stepNumber = 1;

  constructor(
    private readonly backend: BuildBackend,
    private readonly request: BuildRequest,
    private readonly output: BuildOutput,
    private readonly plan: DockerfilePlan,
    private readonly context: RootfsTree,
  ) {
    this.#args = new BuildArgs(new Map(Object.entries(request.buildArgs)));
  }

  async run(stages: Stage[]): Promise<ImageRecord> {
    // Steps are counted over the stages built, as Docker counts them.
    const total = this.plan.metaArgs.length + stages.reduce((sum, stage) => sum + 1 + stage.steps.length, 0);
    for (const meta of this.plan.metaArgs) {
      this.#announce(meta, total);
      const values = this.#args.metaValues();
      for (const { key, value } of meta.pairs) {
        this.#args.declareMeta(key, value === undefined ? undefined : expandWord(value, values, this.plan.escape).value);
      }
    }
    let last: StageResult | undefined;
    for (const stage of stages) last = await this.#stage(stage, total);
    const unconsumed = this.#args.unconsumed();
    if (unconsumed.length > 0) this.output.text(`[Warning] One or more build-args [${unconsumed.join(" ")}] were not consumed\n`);
    if (!last?.image) throw new EngineError("invalid", "No image was generated. Is your Dockerfile empty?");
    return last.image;
  }

  #announce(step: { original: string }, total: number): void {
    if (this.request.signal?.aborted) throw new EngineError("unavailable", "Build cancelled");
    this.output.step(this.#stepNumber++, total, step.original);
  }

  async #stage(stage: Stage, total: number): Promise<StageResult> {
    if (stage.name && this.#results.some((result) => result.name === stage.name)) {
      throw new EngineError("invalid", `${stage.name} stage name already used`);
    }
    this.#announce(stage, total);
    const base = await this.#baseImage(stage);
    const builder = new StageBuilder(
      {
        backend: this.backend,
        output: this.output,
        escape: this.plan.escape,
        context: this.context,
        buildArgs: this.#args.forStage(),
        useCache: !this.request.noCache,
        copyFrom: (from) => this.#copyFrom(from),
      },
      base,
    );
    const triggers = builder.takeTriggers();
    if (triggers.length > 0) {
      this.output.text(`# Executing ${triggers.length} build trigger${triggers.length > 1 ? "s" : ""}\n`);
      for (const trigger of triggers) await builder.run(planTrigger(trigger, this.plan.escape));
    }
    this.output.image(builder.image?.id);
    for (const step of stage.steps) {
      this.#announce(step, total);
      await builder.run(step as Step);
      this.output.image(builder.image?.id);
    }
    if (builder.image) this.output.stageImage(builder.image.id);
    const result = { name: stage.name, image: builder.image };
    this.#results.push(result);
    return result;
  }

  /** FROM: an earlier stage, scratch, or an image (pulled when missing, or always with --pull). */
  async #baseImage(stage: Stage): Promise<ImageRecord | undefined> {
    const name = expandWord(stage.base, this.#args.metaValues(), this.plan.escape).value;
    if (name === "") throw new EngineError("invalid", `base name (${stage.base}) should not be blank`);
    const earlier = this.#results.find((result) => result.name === name.toLowerCase());
    if (earlier) return earlier.image;
    if (name === "scratch") return undefined;
    return this.#image(name, this.request.pull);
  }

  async #image(name: string, pull: boolean): Promise<ImageRecord> {
    if (!pull) {
      try {
        return this.backend.images.resolve(name);
      } catch (error) {
        if (!(error instanceof EngineError) || error.code !== "not-found") throw error;
      }
    }
    return this.backend.pull(name, { report: (message) => this.output.forward(message) });
  }

  /** COPY --from: a stage by name or index, else an image. */
  async #copyFrom(from: string): Promise<RootfsTree> {
    const byName = this.#results.find((result) => result.name === from.toLowerCase());
    const byIndex = /^\d+$/.test(from) ? Number(from) : undefined;
    if (byIndex !== undefined && !byName) {
      if (byIndex === this.#results.length) throw new EngineError("invalid", `invalid from flag value ${from}: refers to current build stage`);
      if (byIndex > this.#results.length) throw new EngineError("invalid", `invalid from flag value ${from}: index out of bounds`);
    }
    const stage = byName ?? (byIndex !== undefined ? this.#results[byIndex] : undefined);
    if (stage) return stage.image ? this.backend.rootfs(stage.image) : createRootfsTree();
    try {
      return this.backend.rootfs(await this.#image(from, false));
    } catch (error) {
      throw new EngineError("invalid", `invalid from flag value ${from}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

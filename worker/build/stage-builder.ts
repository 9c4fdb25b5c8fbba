// Runs one stage's steps from its base image: expands each instruction's words with the ENV and
// build args of that moment (as Docker's dispatcher does), applies it, and ends every step in an
// image, reused from the layer cache when an earlier build made the same one. Once a step misses
// the cache, the rest of the stage does not look (Docker's "cache busted").

import { EngineError } from "../../src/api/errors.ts";
import { writeTar } from "../../src/tar/tar-writer.ts";
import { resolveContainerUser } from "../containers/container-user.ts";
import type { ImageLayer, ImageRecord } from "../images/image-store.ts";
import type { ContainerDefaults } from "../images/oci-types.ts";
import { resolveTreePath } from "../rootfs/tree-lookup.ts";
import { createRootfsTree, type RootfsTree, type TreeEntry } from "../rootfs/tree.ts";
import type { BuildArgs } from "./build-args.ts";
import type { BuildBackend } from "./build-backend.ts";
import type { BuildOutput } from "./build-output.ts";
import { applyConfigInstruction, type InstructionScope } from "./config-instruction.ts";
import * as configSteps from "./config-steps.ts";
import { placeSources, type Owner } from "./copy-layer.ts";
import { findCopySources, sourcesDigest, type CopySource, type SourceRoot } from "./copy-sources.ts";
import type { Command, Step } from "./dockerfile-plan.ts";
import type { HeredocBody } from "./dockerfile-syntax.ts";
import { runCommand } from "./run-command.ts";
import { expandWord, type Variables } from "./shell-lexer.ts";
import { commitStepImage, findCachedStep, stepCacheKey, type StepResult } from "./step-images.ts";

/** Where COPY --from finds a stage or an image's files. */
export type CopyFromResolver = (nameOrIndex: string) => Promise<RootfsTree>;

export interface StageOptions {
  backend: BuildBackend;
  output: BuildOutput;
  escape: string;
  context: RootfsTree;
  buildArgs: BuildArgs;
  useCache: boolean;
  copyFrom: CopyFromResolver;
}

export class StageBuilder {
  /** The image so far (undefined after FROM scratch until the first step). */
  image: ImageRecord | undefined;
  #config: ContainerDefaults;
  #author: string | undefined;
  #cmdSet = false;
  #cacheBusted: boolean;

  constructor(
    private readonly options: StageOptions,
    base: ImageRecord | undefined,
  ) {
    this.image = base;
    this.#config = structuredClone(base?.config.config ?? {});
    this.#cacheBusted = !options.useCache;
    if (!(this.#config.Env ?? []).some((variable) => variable.startsWith("PATH="))) {
      this.#config.Env = [...(this.#config.Env ?? []), configSteps.DEFAULT_PATH];
    }
  }

  /** The base image's ONBUILD triggers, taken out of the config for this build to run. */
  takeTriggers(): string[] {
    const triggers = this.#config.OnBuild ?? [];
    delete this.#config.OnBuild;
    return triggers;
  }

  async run(step: Step): Promise<void> {
    const variables = this.#variables();
    const word = (text: string) => expandWord(text, variables, this.options.escape).value;
    switch (step.kind) {
      case "RUN":
        return this.#run(step);
      case "COPY":
      case "ADD":
        return this.#copy(step, word);
      case "WORKDIR":
        return this.#workdir(word(step.value));
      default:
        return this.#configStep(step, variables);
    }
  }

  /** ENV and the stage's build args not shadowed by ENV: what instructions expand with. */
  #variables(): Variables {
    const variables = new Map<string, string>();
    for (const variable of this.#config.Env ?? []) {
      const equals = variable.indexOf("=");
      variables.set(equals === -1 ? variable : variable.slice(0, equals), equals === -1 ? "" : variable.slice(equals + 1));
    }
    for (const [name, value] of this.options.buildArgs.allowed(this.#config.Env)) variables.set(name, value);
    return variables;
  }

  async #configStep(step: Command, variables: Variables): Promise<void> {
    const config = structuredClone(this.#config);
    const scope: InstructionScope = {
      variables,
      escape: this.options.escape,
      declareArg: (name, value) => this.options.buildArgs.declare(name, value),
      setAuthor: (author) => (this.#author = author),
      cmdSet: this.#cmdSet,
    };
    const comment = applyConfigInstruction(config, step, scope);
    this.#cmdSet = scope.cmdSet;
    await this.#commit(config, configSteps.nopComment(config, comment));
  }

  /** WORKDIR: sets the directory and makes it in a layer when the image does not have it. */
  async #workdir(requested: string): Promise<void> {
    const config = structuredClone(this.#config);
    config.WorkingDir = configSteps.workdirPath(this.#config.WorkingDir, requested);
    await this.#commit(config, configSteps.nopCommentString(config, `WORKDIR ${config.WorkingDir}`), async () => {
      const tree = await this.#tree();
      if (resolveTreePath(tree, config.WorkingDir!)?.type === "dir") return undefined;
      const parts = config.WorkingDir!.split("/").filter(Boolean);
      const mtime = Math.floor(Date.now() / 1000);
      const entries = parts.map((_, index) => {
        const path = parts.slice(0, index + 1).join("/");
        const existing = tree.get(path);
        return existing?.type === "dir"
          ? { path, type: "dir" as const, mode: existing.mode, uid: existing.uid, gid: existing.gid, mtime: existing.mtime }
          : { path, type: "dir" as const, mode: 0o755, uid: 0, gid: 0, mtime };
      });
      return this.options.backend.commitLayer(writeTar(entries));
    });
  }

  async #copy(step: Step & { kind: "COPY" | "ADD" }, word: (text: string) => string): Promise<void> {
    const heredocs = new Map(step.heredocs.map((heredoc) => [`<<${heredoc.name}`, heredocSource(heredoc)]));
    const patterns = step.sources.filter((source) => !heredocs.has(source)).map(word);
    const sources = step.sources.flatMap((source) => heredocs.get(source) ?? []);
    if (patterns.length > 0) {
      const root: SourceRoot = step.from === undefined ? { tree: this.options.context, isContext: true } : { tree: await this.options.copyFrom(step.from), isContext: false };
      sources.push(...findCopySources(root, patterns, step.kind));
    }
    const dest = word(step.dest);
    const chown = step.chown === undefined ? undefined : word(step.chown);
    const chmod = step.chmod === undefined ? undefined : word(step.chmod);
    const flags = `${chown ? `--chown=${chown} ` : ""}${chmod ? `--chmod=${chmod} ` : ""}`;
    const config = structuredClone(this.#config);
    const createdBy = configSteps.nopCommentString(config, `${step.kind} ${flags}${await sourcesDigest(sources)} in ${dest} `);
    await this.#commit(config, createdBy, async () => {
      const imageTree = await this.#tree();
      const owner: Owner | undefined = chown ? chownOwner(chown, imageTree) : step.from === undefined ? { uid: 0, gid: 0 } : undefined;
      const mode = chmod === undefined ? undefined : parseChmod(chmod);
      const entries = await placeSources({ instruction: step.kind, sources, dest, workdir: config.WorkingDir ?? "/", imageTree, owner, mode });
      return this.options.backend.commitLayer(writeTar(entries));
    });
  }

  async #run(step: Step & { kind: "RUN" }): Promise<void> {
    const config = structuredClone(this.#config);
    const buildArgs = this.options.buildArgs.allowed(config.Env);
    const command = runCommand(step, config);
    const argsForCache = [...buildArgs].filter(([name]) => this.options.buildArgs.isReferencedOrNotBuiltin(name)).map(([name, value]) => `${name}=${value}`);
    argsForCache.sort();
    const createdBy = (argsForCache.length > 0 ? [`|${argsForCache.length}`, ...argsForCache, ...command] : command).join(" ");
    await this.#commit(config, createdBy, async () => {
      const { output } = this.options;
      const result = await this.options.backend.executor.runStep(
        {
          parentImageId: this.image?.id ?? "",
          config: { ...config, Env: [...(config.Env ?? []), ...[...buildArgs].map(([name, value]) => `${name}=${value}`)] },
          command,
        },
        { started: (id) => output.runningIn(id), write: (stream, data) => output.output(stream, data) },
      );
      output.endOutput();
      if (result.containerId) output.removedContainer(result.containerId);
      if (result.exitCode !== 0) {
        throw new EngineError("invalid", `The command '${command.join(" ")}' returned a non-zero code: ${result.exitCode}`, result.exitCode);
      }
      return result.layer && hasEntries(result.layer) ? this.options.backend.commitLayer(result.layer) : undefined;
    });
  }

  /**
   * Ends a step in an image: the cached one when an earlier build made the same step, else a new
   * one with the layer `makeLayer` commits (none for a config-only step).
   */
  async #commit(config: ContainerDefaults, createdBy: string, makeLayer?: () => Promise<ImageLayer | undefined>): Promise<void> {
    const step: StepResult = { parent: this.image, createdBy, config, author: this.#author };
    const key = await stepCacheKey(step);
    const { backend, output } = this.options;
    const cached = this.#cacheBusted ? undefined : findCachedStep(backend.images, key);
    if (cached) {
      output.usingCache();
      this.image = cached;
    } else {
      this.#cacheBusted = true;
      const layer = makeLayer ? await makeLayer() : undefined;
      this.image = await commitStepImage(backend.images, step, key, layer);
    }
    this.#config = config;
  }

  #tree(): Promise<RootfsTree> {
    return this.image ? this.options.backend.rootfs(this.image) : Promise.resolve(createRootfsTree());
  }
}

/** A here-document as a file of its own name (COPY <<EOF /dest). */
function heredocSource(heredoc: HeredocBody): CopySource {
  const tree = createRootfsTree();
  const entry: TreeEntry = { path: heredoc.name, type: "file", mode: 0o644, uid: 0, gid: 0, mtime: Math.floor(Date.now() / 1000), data: new TextEncoder().encode(heredoc.content) };
  tree.set(entry.path, entry);
  return { tree, entry, name: heredoc.name };
}

/** --chown=user[:group]; without a group, Docker looks the user's text up as the group too. */
function chownOwner(spec: string, tree: RootfsTree): Owner {
  const { uid, gid } = resolveContainerUser(spec.includes(":") ? spec : `${spec}:${spec}`, tree);
  return { uid, gid };
}

function parseChmod(text: string): number {
  if (!/^[0-7]{1,4}$/.test(text)) throw new EngineError("invalid", `invalid chmod parameter: ${JSON.stringify(text)}: only octal modes are supported`);
  return parseInt(text, 8);
}

/** A tar with at least one entry (an empty one ends in zero blocks at once). */
function hasEntries(tar: Uint8Array): boolean {
  return tar.length >= 512 && tar.subarray(0, 512).some((byte) => byte !== 0);
}

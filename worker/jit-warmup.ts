// Warms v86's JIT in the background once the guest is up. v86 compiles guest code only after it has
// run many times, and a restored snapshot starts with none compiled, so right after a page load a
// container start runs several times slower than later ones. A few throwaway `true` containers sent
// through the same agent requests as `docker run --rm` (CREATE on a layer disk, START, EXIT, DELETE,
// with the production runtime spec, with --network none) compile that path first. They exist in the guest
// only: no records, no events. The user's first container operation ends the warm-up after the run under way (the
// user's own runs warm the same code from then on).

import type { EngineApi } from "../src/api/engine-api.ts";
import type { ImageConfig } from "./images/oci-types.ts";
import type { RootfsTree } from "./rootfs/tree.ts";
import { randomId } from "./containers/random-id.ts";
import { buildRuntimeSpec } from "./containers/runtime-spec.ts";
import type { GuestSession } from "./containers/task.ts";
import type { LayerDisks } from "./disks/layer-disks.ts";
import { BUNDLE_FILES, bundleFileContents } from "./networks/bundle-files.ts";

/** Stdio handles of warm-up containers: a range the engine's own allocators never reach. */
const firstWarmupHandle = 0x7000_0000;

export interface WarmupImage {
  config: ImageConfig;
  /** The image's rootfs below the 9p root, already in the guest. */
  rootfs: string;
  tree: RootfsTree;
}

export class JitWarmup {
  #stopped = false;
  #nextHandle = firstWarmupHandle;

  constructor(private readonly layerDisks: LayerDisks) {}

  get stopped(): boolean {
    return this.#stopped;
  }

  /** No warm-up run starts after this. */
  stop(): void {
    this.#stopped = true;
  }

  /** Runs up to `runs` containers of `true` one after another; resolves with how many ran. A failure ends it quietly. */
  async run(session: GuestSession, image: WarmupImage, runs: number): Promise<number> {
    let done = 0;
    try {
      while (done < runs && !this.#stopped) {
        await this.#runOnce(session, image);
        done++;
      }
    } catch (error) {
      console.warn("berth: JIT warm-up stopped:", error);
    }
    return done;
  }

  async #runOnce({ agent }: GuestSession, image: WarmupImage): Promise<void> {
    const id = randomId();
    const hostConfig = { NetworkMode: "none" };
    const spec = buildRuntimeSpec(image.config, { Image: "", Cmd: ["true"], HostConfig: hostConfig }, { id, rootfs: image.tree });
    const handle = this.#nextHandle++;
    try {
      await agent.create({ id, rootfs: image.rootfs, configJson: JSON.stringify(spec), layerDisk: await this.layerDisks.attach(id) });
    } catch (error) {
      await this.layerDisks.remove(id);
      throw error;
    }
    const detach = agent.attachOutput(handle, { data: () => undefined, eof: () => undefined });
    let unsubscribe = () => {};
    const exited = new Promise<void>((resolve) => {
      unsubscribe = agent.onExit((event) => {
        if (event.containerId === id && event.processId === "") resolve();
      });
    });
    try {
      const files = bundleFileContents({ hostname: spec.hostname, hostConfig, addresses: [], embeddedDns: false });
      for (const leaf of BUNDLE_FILES) await agent.writeBundleFile(id, leaf, files[leaf]);
      await agent.start({ id, handle, tty: false, stdinOpen: false });
      await exited;
    } finally {
      unsubscribe();
      detach();
      await this.layerDisks.remove(id, await agent.delete(id));
    }
  }
}

/** The operations that put the user's work into the guest. */
const userWork = ["containerCreate", "containerStart", "containerRestart", "containerExec", "execStart", "containerArchive", "putContainerArchive"] as const;

/** The same handlers, except that each of the user's work operations first stops the warm-up. */
export function endsWarmup<Handlers extends Partial<EngineApi>>(handlers: Handlers, warmup: JitWarmup): Handlers {
  const wrapped: Partial<Record<string, unknown>> = { ...handlers };
  for (const name of userWork) {
    const handler = handlers[name] as ((...args: unknown[]) => unknown) | undefined;
    if (handler) {
      wrapped[name] = (...args: unknown[]) => {
        warmup.stop();
        return handler(...args);
      };
    }
  }
  return wrapped as Handlers;
}

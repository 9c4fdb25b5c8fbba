// Where a container run goes: `true` in busybox through the agent's requests as the engine sends them
// for `docker run --rm` (CREATE, START, the init's EXIT, DELETE), with the production runtime spec,
// on a freshly booted guest under Node. Per phase: host time and guest instructions (v86's counter;
// instructions do not depend on the host's load or on how warm v86's JIT is, time does).

import { BUNDLE_FILES, bundleFileContents } from "../../worker/networks/bundle-files.ts";
import { buildRuntimeSpec } from "../../worker/containers/runtime-spec.ts";
import type { ImageConfig } from "../../worker/images/oci-types.ts";
import { GuestVm } from "../../worker/vm/guest-vm.ts";
import { busyboxRootfs, guestVmInputs, nextExit, OutputCollector } from "../integration/guest-fixture.ts";

export const startPhases = ["create", "start", "exit", "delete"] as const;
export type StartPhase = (typeof startPhases)[number];

export interface PhaseSample {
  ms: number;
  instructions: number;
}

/** One entry per run, in order: the first runs show the cold JIT, the later ones the steady state. */
export type StartProfile = Record<StartPhase, PhaseSample>[];

const rootfsPath = "images/bench-busybox/rootfs";
const image: ImageConfig = { architecture: "386", os: "linux", config: { Cmd: ["sh"] }, rootfs: { type: "layers", diff_ids: [] } };

export async function profileContainerStarts(runs: number): Promise<StartProfile> {
  const vm = new GuestVm({ ...(await guestVmInputs()), watchdog: false });
  try {
    const { agent, files } = await vm.boot();
    const tree = busyboxRootfs();
    await files.writeTree(rootfsPath, tree);
    const profile: StartProfile = [];
    // As the JIT warm-up's containers: no network namespace, so the bundle's /etc files say so.
    const hostConfig = { NetworkMode: "none" };
    for (let run = 0; run < runs; run++) {
      const id = (run + 1).toString(16).padStart(64, "b");
      const spec = buildRuntimeSpec(image, { Image: "busybox", Cmd: ["true"], HostConfig: hostConfig }, { id, rootfs: tree });
      const output = new OutputCollector(agent);
      const marks = [{ at: performance.now(), count: vm.instructionCount() }];
      const mark = () => marks.push({ at: performance.now(), count: vm.instructionCount() });
      await agent.create({ id, rootfs: rootfsPath, configJson: JSON.stringify(spec) });
      const bundleFiles = bundleFileContents({ hostname: spec.hostname, hostConfig, addresses: [], embeddedDns: false });
      for (const leaf of BUNDLE_FILES) await agent.writeBundleFile(id, leaf, bundleFiles[leaf]);
      mark();
      const exited = nextExit(agent, id);
      await agent.start({ id, handle: output.handle, tty: false, stdinOpen: false });
      mark();
      const { exitCode } = await exited;
      mark();
      if (exitCode !== 0) throw new Error(`true exited with ${exitCode}: ${output.stderr}`);
      await agent.delete(id);
      mark();
      output.detach();
      profile.push(
        Object.fromEntries(
          startPhases.map((phase, k) => [phase, { ms: marks[k + 1].at - marks[k].at, instructions: (marks[k + 1].count - marks[k].count) >>> 0 }]),
        ) as Record<StartPhase, PhaseSample>,
      );
    }
    return profile;
  } finally {
    await vm.dispose();
  }
}

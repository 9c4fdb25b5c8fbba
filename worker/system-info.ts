// `docker version` and `docker info` as the daemon reports them.

import { apiVersion, minimumApiVersion } from "../src/api/api-version.ts";
import type { SystemInfo, SystemVersion } from "../src/api/types.ts";
import type { AgentInfo } from "./vm/agent-client.ts";

export const engineVersion = "0.1.0";

export interface SystemFacts {
  agent: AgentInfo;
  v86Version: string;
  containers: { running: number; paused: number; stopped: number; total: number };
  images: number;
  /** Where the containers' writable layers are kept. */
  layerStore: string;
}

export function systemVersion(facts: SystemFacts): SystemVersion {
  return {
    Platform: { Name: "berth" },
    Version: engineVersion,
    ApiVersion: apiVersion,
    MinAPIVersion: minimumApiVersion,
    Os: "linux",
    Arch: "386",
    KernelVersion: facts.agent.kernelRelease,
    GitCommit: "berth",
    BuildTime: "",
    Components: [
      {
        Name: "Engine",
        Version: engineVersion,
        Details: {
          ApiVersion: apiVersion,
          MinAPIVersion: minimumApiVersion,
          Arch: "386",
          Os: "linux",
          KernelVersion: facts.agent.kernelRelease,
          GitCommit: "berth",
          GoVersion: "none (TypeScript)",
          BuildTime: "",
          Experimental: "false",
        },
      },
      { Name: facts.agent.runtimeName, Version: facts.agent.runtimeVersion },
      { Name: "v86", Version: facts.v86Version },
    ],
  };
}

export function systemInfo(facts: SystemFacts): SystemInfo {
  return {
    ID: "berth",
    Containers: facts.containers.total,
    ContainersRunning: facts.containers.running,
    ContainersPaused: facts.containers.paused,
    ContainersStopped: facts.containers.stopped,
    Images: facts.images,
    Driver: "overlay2",
    DriverStatus: [
      ["Backing Filesystem", "extfs"],
      ["Writable Layers", `an ext4 disk per container, stored in ${facts.layerStore}`],
      ["Lower Filesystem", "9p (read-only image content)"],
    ],
    CgroupDriver: "cgroupfs",
    CgroupVersion: facts.agent.cgroupVersion,
    KernelVersion: facts.agent.kernelRelease,
    OperatingSystem: "berth guest (i686 Linux in v86)",
    OSType: "linux",
    Architecture: "i686",
    NCPU: facts.agent.cpus,
    MemTotal: facts.agent.memTotalBytes,
    Name: "berth",
    ServerVersion: engineVersion,
    DefaultRuntime: facts.agent.runtimeName,
    Runtimes: { [facts.agent.runtimeName]: { path: `/usr/bin/${facts.agent.runtimeName}` } },
    IndexServerAddress: "",
  };
}

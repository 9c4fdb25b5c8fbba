import { describe, expect, it } from "vitest";
import type { SystemInfo } from "../api/types.ts";
import type { ClientVersion } from "./client-version.ts";
import { formatInfo } from "./info-text.ts";

const client: ClientVersion = { platformName: "berth", version: "0.1.0", apiVersion: "1.50", context: "default" };

const server: SystemInfo = {
  ID: "f0e1d2c3-b4a5-4697-8877-665544332211",
  Containers: 3,
  ContainersRunning: 1,
  ContainersPaused: 0,
  ContainersStopped: 2,
  Images: 1,
  Driver: "overlay2",
  DriverStatus: [
    ["Backing Filesystem", "tmpfs"],
    ["Supports d_type", "true"],
  ],
  CgroupDriver: "cgroupfs",
  CgroupVersion: "2",
  KernelVersion: "6.8.12-berth",
  OperatingSystem: "berth guest (v86)",
  OSType: "linux",
  Architecture: "i686",
  NCPU: 1,
  MemTotal: 129_394_278,
  Name: "berth",
  ServerVersion: "0.1.0",
  DefaultRuntime: "runc",
  Runtimes: { runc: { path: "runc" }, "io.containerd.runc.v2": { path: "runc" } },
  IndexServerAddress: "https://index.docker.io/v1/",
};

describe("formatInfo", () => {
  it("prints Client and Server sections as docker info does", () => {
    expect(formatInfo(client, server)).toBe(
      [
        "Client: berth",
        " Version:    0.1.0",
        " Context:    default",
        " Debug Mode: false",
        "",
        "Server:",
        " Containers: 3",
        "  Running: 1",
        "  Paused: 0",
        "  Stopped: 2",
        " Images: 1",
        " Server Version: 0.1.0",
        " Storage Driver: overlay2",
        "  Backing Filesystem: tmpfs",
        "  Supports d_type: true",
        " Cgroup Driver: cgroupfs",
        " Cgroup Version: 2",
        " Runtimes: io.containerd.runc.v2 runc",
        " Default Runtime: runc",
        " Kernel Version: 6.8.12-berth",
        " Operating System: berth guest (v86)",
        " OSType: linux",
        " Architecture: i686",
        " CPUs: 1",
        " Total Memory: 123.4MiB",
        " Name: berth",
        " ID: f0e1d2c3-b4a5-4697-8877-665544332211",
        "",
        "",
      ].join("\n"),
    );
  });

  it("leaves out what the daemon did not report", () => {
    const text = formatInfo(client, { ...server, Driver: "", DriverStatus: [], CgroupDriver: "", Runtimes: {}, Name: "" });
    expect(text).not.toMatch(/Storage Driver|Cgroup Driver|Runtimes|Default Runtime| Name:/);
    expect(text).toContain(" Cgroup Version: 2\n Kernel Version: 6.8.12-berth\n");
  });

  it("ends after the Server heading when the daemon did not answer", () => {
    expect(formatInfo(client, undefined)).toBe(
      "Client: berth\n Version:    0.1.0\n Context:    default\n Debug Mode: false\n\nServer:\n",
    );
  });
});

import { describe, expect, it } from "vitest";
import { writeTar } from "../../src/tar/tar-writer.ts";
import type { ContainerCreateRequest } from "../../src/api/types.ts";
import type { ImageConfig } from "../images/oci-types.ts";
import { applyLayers } from "../rootfs/apply-layer.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import { resolveContainerUser } from "./container-user.ts";
import { DEFAULT_CAPABILITIES } from "./runtime-defaults.ts";
import { buildExecProcess, buildRuntimeSpec, mergedContainerConfig } from "./runtime-spec.ts";

const text = (s: string) => new TextEncoder().encode(s);
const id = "0123456789abcdef".repeat(4);
const PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const passwd = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
# a comment
app:x:1000:1000:App:/home/app:/bin/sh
nobody:x:65534:65534:nobody:/home:/bin/false
`;
const group = `root:x:0:
wheel:x:10:root
audio:x:29:app,root
app:x:1000:
staff:x:50:app
nogroup:x:65534:
`;

const rootfs = applyLayers([
  readTar(
    writeTar([
      { path: "etc/passwd", type: "file", data: text(passwd) },
      { path: "usr/share/base/group", type: "file", data: text(group) },
      { path: "etc/group", type: "symlink", linkTarget: "../usr/share/base/group" },
    ]),
  ),
]);

const image: ImageConfig = {
  architecture: "386",
  os: "linux",
  config: { Env: [PATH, "LANG=C.UTF-8"], Cmd: ["sh"], WorkingDir: "/srv" },
  rootfs: { type: "layers", diff_ids: [] },
};

function spec(request: ContainerCreateRequest, config: ImageConfig = image) {
  return buildRuntimeSpec(config, request, { id, rootfs });
}

function withImage(defaults: NonNullable<ImageConfig["config"]>): ImageConfig {
  return { ...image, config: defaults };
}

describe("buildRuntimeSpec process.args", () => {
  it.each<[string, NonNullable<ImageConfig["config"]>, ContainerCreateRequest, string[]]>([
    ["image Cmd", { Cmd: ["sh"] }, {}, ["sh"]],
    ["request Cmd replaces image Cmd", { Cmd: ["sh"] }, { Cmd: ["echo", "hi"] }, ["echo", "hi"]],
    ["image Entrypoint + image Cmd", { Entrypoint: ["/init"], Cmd: ["--serve"] }, {}, ["/init", "--serve"]],
    ["image Entrypoint + request Cmd", { Entrypoint: ["/init"], Cmd: ["--serve"] }, { Cmd: ["--help"] }, ["/init", "--help"]],
    ["request Entrypoint drops image Cmd", { Entrypoint: ["/init"], Cmd: ["--serve"] }, { Entrypoint: ["ls"] }, ["ls"]],
    ["request Entrypoint + request Cmd", { Cmd: ["sh"] }, { Entrypoint: ["ls"], Cmd: ["-l"] }, ["ls", "-l"]],
    ['Entrypoint [""] resets it', { Entrypoint: ["/init"], Cmd: ["x"] }, { Entrypoint: [""], Cmd: ["echo"] }, ["echo"]],
    ["empty request Entrypoint keeps image Cmd", { Entrypoint: ["/init"], Cmd: ["sh"] }, { Entrypoint: [] }, ["sh"]],
    ["empty request Cmd keeps image Cmd", { Cmd: ["sh"] }, { Cmd: [] }, ["sh"]],
    ["null image fields", { Entrypoint: null, Cmd: ["top"] }, {}, ["top"]],
  ])("%s", (_, defaults, request, args) => {
    expect(spec(request, withImage(defaults)).process.args).toEqual(args);
  });

  it("refuses a container with no command", () => {
    expect(() => spec({}, withImage({}))).toThrow("no command specified");
    expect(() => spec({ Entrypoint: [""] })).toThrow("no command specified");
  });
});

describe("buildRuntimeSpec process.env", () => {
  it.each<[string, ContainerCreateRequest, string[] | undefined, string[]]>([
    ["defaults, image env, HOME", {}, undefined, [PATH, `HOSTNAME=${id.slice(0, 12)}`, "LANG=C.UTF-8", "HOME=/root"]],
    ["TERM with a TTY", { Tty: true }, undefined, [PATH, `HOSTNAME=${id.slice(0, 12)}`, "TERM=xterm", "LANG=C.UTF-8", "HOME=/root"]],
    [
      "request wins by key; new keys first",
      { Env: ["LANG=fr_FR", "DEBUG=1"] },
      undefined,
      [PATH, `HOSTNAME=${id.slice(0, 12)}`, "LANG=fr_FR", "DEBUG=1", "HOME=/root"],
    ],
    ["a bare name removes the variable", { Env: ["LANG"] }, undefined, [PATH, `HOSTNAME=${id.slice(0, 12)}`, "HOME=/root"]],
    ["default PATH when the image has none", {}, [], ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", `HOSTNAME=${id.slice(0, 12)}`, "HOME=/root"]],
    ["image PATH replaces the default in place", {}, ["PATH=/opt/bin"], ["PATH=/opt/bin", `HOSTNAME=${id.slice(0, 12)}`, "HOME=/root"]],
    ["request HOSTNAME and HOME are kept", { Env: ["HOSTNAME=h", "HOME=/x"] }, [], [PATH, "HOSTNAME=h", "HOME=/x"]],
    ["HOME of the user", { User: "app" }, [], [PATH, `HOSTNAME=${id.slice(0, 12)}`, "HOME=/home/app"]],
    ["HOME / for an unknown uid", { User: "4242" }, [], [PATH, `HOSTNAME=${id.slice(0, 12)}`, "HOME=/"]],
  ])("%s", (_, request, imageEnv, env) => {
    const config = imageEnv === undefined ? image : withImage({ ...image.config, Env: imageEnv });
    expect(spec(request, config).process.env).toEqual(env);
  });
});

describe("resolveContainerUser", () => {
  it.each<[string, { uid: number; gid: number; additionalGids: number[]; home: string }]>([
    ["", { uid: 0, gid: 0, additionalGids: [10, 29], home: "/root" }],
    ["root", { uid: 0, gid: 0, additionalGids: [10, 29], home: "/root" }],
    ["0", { uid: 0, gid: 0, additionalGids: [10, 29], home: "/root" }],
    ["app", { uid: 1000, gid: 1000, additionalGids: [29, 50], home: "/home/app" }],
    ["1000", { uid: 1000, gid: 1000, additionalGids: [29, 50], home: "/home/app" }],
    ["app:staff", { uid: 1000, gid: 50, additionalGids: [], home: "/home/app" }],
    ["app:0", { uid: 1000, gid: 0, additionalGids: [], home: "/home/app" }],
    ["4242", { uid: 4242, gid: 0, additionalGids: [], home: "/" }],
    ["4242:4343", { uid: 4242, gid: 4343, additionalGids: [], home: "/" }],
    [":wheel", { uid: 0, gid: 10, additionalGids: [], home: "/root" }],
    ["nobody", { uid: 65534, gid: 65534, additionalGids: [], home: "/home" }],
  ])("%s", (user, expected) => {
    expect(resolveContainerUser(user, rootfs)).toEqual(expected);
  });

  it.each([
    ["ghost", "unable to find user ghost: no matching entries in passwd file"],
    ["app:ghosts", "unable to find group ghosts: no matching entries in group file"],
    ["3000000000", "uids and gids must be in range 0-2147483647"],
  ])("refuses %s", (user, message) => {
    expect(() => resolveContainerUser(user, rootfs)).toThrow(message);
    expect(() => resolveContainerUser(user, rootfs)).toThrow(expect.objectContaining({ code: "invalid" }));
  });

  it("accepts numeric ids and refuses names in an image without passwd", () => {
    const empty = applyLayers([]);
    expect(resolveContainerUser("", empty)).toEqual({ uid: 0, gid: 0, additionalGids: [], home: "/" });
    expect(resolveContainerUser("5:6", empty)).toMatchObject({ uid: 5, gid: 6 });
    expect(() => resolveContainerUser("root", empty)).toThrow(/unable to find user root/);
  });
});

describe("buildRuntimeSpec", () => {
  it("applies the user, with supplementary groups", () => {
    expect(spec({ User: "app" }).process.user).toEqual({ uid: 1000, gid: 1000, additionalGids: [29, 50] });
    expect(spec({ User: "4242:7" }).process.user).toEqual({ uid: 4242, gid: 7 });
    expect(spec({}, withImage({ Cmd: ["sh"], User: "nobody" })).process.user).toEqual({ uid: 65534, gid: 65534 });
    expect(() => spec({ User: "ghost" })).toThrow("unable to find user ghost: no matching entries in passwd file");
  });

  it.each<[string, ContainerCreateRequest, NonNullable<ImageConfig["config"]>, string]>([
    ["image WorkingDir", {}, { Cmd: ["sh"], WorkingDir: "/srv" }, "/srv"],
    ["request WorkingDir wins", { WorkingDir: "/tmp" }, { Cmd: ["sh"], WorkingDir: "/srv" }, "/tmp"],
    ["default /", {}, { Cmd: ["sh"] }, "/"],
    ["cleaned", { WorkingDir: "/a/./b/../c/" }, { Cmd: ["sh"] }, "/a/c"],
  ])("cwd: %s", (_, request, defaults, cwd) => {
    expect(spec(request, withImage(defaults)).process.cwd).toBe(cwd);
  });

  it("refuses a relative working directory", () => {
    expect(() => spec({ WorkingDir: "srv" })).toThrow("the working directory 'srv' is invalid, it needs to be an absolute path");
  });

  it("sets the hostname from the request, or the short id", () => {
    expect(spec({}).hostname).toBe("0123456789ab");
    expect(spec({ Hostname: "web" }).hostname).toBe("web");
    expect(spec({ Hostname: "web" }).process.env).toContain("HOSTNAME=web");
  });

  it("puts docker-init in front of the command with --init, bind-mounting the guest's init", () => {
    const result = spec({ Cmd: ["sleep", "5"], HostConfig: { Init: true } });
    expect(result.process.args).toEqual(["/sbin/docker-init", "--", "sleep", "5"]);
    expect(result.mounts).toContainEqual({ destination: "/sbin/docker-init", type: "bind", source: "/init", options: ["bind", "ro"] });
  });

  it("honours --read-only, --tmpfs, --cpus, --memory-swap and --pids-limit", () => {
    const result = spec({ HostConfig: { ReadonlyRootfs: true, Tmpfs: { "/run": "size=64m", "/cache": "" }, NanoCpus: 500_000_000, Memory: 64 << 20, MemorySwap: 128 << 20, PidsLimit: 30 } });
    expect(result.root.readonly).toBe(true);
    expect(result.mounts).toContainEqual({ destination: "/run", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "noexec", "size=64m"] });
    expect(result.mounts).toContainEqual({ destination: "/cache", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "noexec"] });
    expect(result.linux.resources).toEqual({ memory: { limit: 64 << 20, swap: 128 << 20 }, pids: { limit: 30 }, cpu: { quota: 50_000, period: 100_000 } });
    expect(() => spec({ HostConfig: { MemorySwap: 128 << 20 } })).toThrow("You should always set the Memory limit when using Memoryswap limit");
    expect(() => spec({ HostConfig: { Memory: 64 << 20, MemorySwap: 32 << 20 } })).toThrow("Minimum memoryswap limit should be larger than memory limit");
  });

  it("has Docker's sandbox defaults", () => {
    const result = spec({ Tty: true });
    expect(result.ociVersion).toBe("1.0.2");
    expect(result.root).toEqual({ path: "rootfs", readonly: false });
    expect(result.process.terminal).toBe(true);
    expect(result.process.noNewPrivileges).toBe(false);
    expect(result.process.capabilities.bounding).toEqual(DEFAULT_CAPABILITIES);
    expect(result.process.capabilities.effective).toHaveLength(14);
    expect(result.process.rlimits).toEqual([{ type: "RLIMIT_NOFILE", hard: 1048576, soft: 1048576 }]);
    expect(result.mounts.map((m) => [m.destination, m.type])).toEqual([
      ["/proc", "proc"],
      ["/dev", "tmpfs"],
      ["/dev/pts", "devpts"],
      ["/sys", "sysfs"],
      ["/sys/fs/cgroup", "cgroup2"],
      ["/dev/mqueue", "mqueue"],
      ["/dev/shm", "tmpfs"],
      ["/etc/hosts", "bind"],
      ["/etc/hostname", "bind"],
      ["/etc/resolv.conf", "bind"],
    ]);
    expect(result.mounts[2]!.options).toEqual(["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]);
    expect(result.mounts.find((m) => m.destination === "/sys")!.options).toContain("ro");
    expect(result.linux.namespaces.map((n) => n.type).sort()).toEqual(["cgroup", "ipc", "mount", "network", "pid", "uts"]);
    expect(result.linux.cgroupsPath).toBe(`/berth/${id}`);
    expect(result.linux.maskedPaths).toContain("/proc/kcore");
    expect(result.linux.readonlyPaths).toEqual(["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]);
    expect(result.linux.resources).toBeUndefined();
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("binds the bundle's /etc files and joins the network namespace the agent makes (the shared one on host, a bare one on none)", () => {
    const netns = (networkMode?: string) => spec({ HostConfig: { NetworkMode: networkMode } }).linux.namespaces.filter((n) => n.type === "network");
    expect(spec({}).mounts.find((m) => m.destination === "/etc/resolv.conf")).toEqual({
      destination: "/etc/resolv.conf",
      type: "bind",
      source: `/run/berth/${id}/resolv.conf`,
      options: ["rbind", "rprivate"],
    });
    expect(netns()).toEqual([{ type: "network", path: `/run/berth/${id}/netns` }]);
    expect(netns("app")).toEqual([{ type: "network", path: `/run/berth/${id}/netns` }]);
    expect(netns("none")).toEqual([{ type: "network" }]);
    expect(netns("host")).toEqual([{ type: "network", path: "/run/berth/host-netns" }]);
    expect(spec({ HostConfig: { NetworkMode: "host" } }).mounts.map((m) => m.destination)).toContain("/etc/hosts");
  });

  it.each<[string, ContainerCreateRequest["HostConfig"], object | undefined]>([
    ["memory", { Memory: 64 * 1024 * 1024 }, { memory: { limit: 67108864 } }],
    ["pids", { PidsLimit: 100 }, { pids: { limit: 100 } }],
    ["both", { Memory: 8 * 1024 * 1024, PidsLimit: 5 }, { memory: { limit: 8388608 }, pids: { limit: 5 } }],
    ["unlimited", { Memory: 0, PidsLimit: -1 }, undefined],
  ])("resources: %s", (_, hostConfig, expected) => {
    expect(spec({ HostConfig: hostConfig }).linux.resources).toEqual(expected);
  });

  it("refuses a memory limit below 6MB, and a malformed id", () => {
    expect(() => spec({ HostConfig: { Memory: 1024 * 1024 } })).toThrow("Minimum memory limit allowed is 6MB");
    expect(() => buildRuntimeSpec(image, {}, { id: "short", rootfs })).toThrow(/invalid container id/);
  });
});

describe("buildExecProcess", () => {
  const container = mergedContainerConfig(image, { Image: "img", Env: ["MODE=prod"], User: "app" }, buildRuntimeSpec(image, { Image: "img", Env: ["MODE=prod"], User: "app" }, { id, rootfs }));

  it("runs as the container's user in its environment, with the exec's own on top", () => {
    const process = buildExecProcess(container, { Cmd: ["env"], Env: ["EXTRA=1", "MODE=debug"] }, rootfs);
    expect(process.args).toEqual(["env"]);
    expect(process.user).toMatchObject({ uid: 1000, gid: 1000 });
    expect(process.env).toContain("MODE=debug");
    expect(process.env).toContain("EXTRA=1");
    expect(process.env).toContain("HOME=/home/app");
    expect(process.env).toContain(`HOSTNAME=${id.slice(0, 12)}`);
    expect(process.terminal).toBe(false);
  });

  it("takes the exec's user, working directory and TTY, and refuses a relative directory", () => {
    const process = buildExecProcess(container, { Cmd: ["sh"], User: "root", WorkingDir: "/tmp", Tty: true }, rootfs);
    expect(process.user.uid).toBe(0);
    expect(process.cwd).toBe("/tmp");
    expect(process.env).toContain("TERM=xterm");
    expect(() => buildExecProcess(container, { Cmd: ["sh"], WorkingDir: "tmp" }, rootfs)).toThrow("it needs to be an absolute path");
    expect(() => buildExecProcess(container, { Cmd: [] }, rootfs)).toThrow("No exec command specified");
  });
});

describe("mergedContainerConfig", () => {
  it("fills the request with the image's defaults, as inspect shows them", () => {
    const request = { Image: "img", Labels: { tier: "web" }, Cmd: ["echo", "hi"] };
    const config = mergedContainerConfig(image, request, buildRuntimeSpec(image, request, { id, rootfs }));
    expect(config.Hostname).toBe(id.slice(0, 12));
    expect(config.Cmd).toEqual(["echo", "hi"]);
    expect(config.Image).toBe("img");
    expect(config.Labels).toMatchObject({ tier: "web" });
    expect(config.Env?.[0]).toMatch(/^PATH=/);
    expect(config).not.toHaveProperty("HostConfig");
    expect(mergedContainerConfig(image, { ...request, NetworkingConfig: { EndpointsConfig: {} } }, buildRuntimeSpec(image, request, { id, rootfs }))).not.toHaveProperty("NetworkingConfig");
  });
});

import { readFileSync } from "node:fs";
import { GuestFiles } from "../../worker/vm/guest-files.ts";
import { busyboxRootfs, guestVmInputs, ociConfig } from "./guest-fixture.ts";
const { manifest, loadAsset, runtime } = await guestVmInputs();
const buf = async (n: string) => ({ buffer: await loadAsset(n) });
let out = "";
const e: any = new (runtime.V86 as any)({
  wasm_fn: async (imports: any) => (await WebAssembly.instantiate(runtime.wasm, imports)).exports,
  memory_size: manifest.memoryMiB << 20, vga_memory_size: 256 << 10,
  bios: await buf(manifest.bios), vga_bios: await buf(manifest.vgaBios!), bzimage: await buf(manifest.kernel), initrd: await buf(manifest.initrd),
  cmdline: manifest.cmdline.replace("quiet", "") + " rdinit=/bin/sh", filesystem: {}, virtio_console: true, autostart: true,
  disable_keyboard: true, disable_mouse: true, disable_speaker: true,
});
e.add_listener("serial0-output-byte", (b: number) => { out += String.fromCharCode(b); process.stdout.write(String.fromCharCode(b)); });
await new Promise<void>((r) => e.add_listener("emulator-loaded", () => r()));
const files = new GuestFiles(e.fs9p);
await files.writeTree("images/bb/rootfs", busyboxRootfs());
const cfg = ociConfig({ args: ["echo", "hello"], hostname: "abc", cgroup: "/berth/t1" });
await files.writeTree("cfg", new Map([["config.json", { path: "config.json", type: "file", mode: 0o644, uid: 0, gid: 0, mtime: 0, data: new TextEncoder().encode(cfg) }]]) as any);
const wait = async (text: string, ms = 60000) => { const t = Date.now(); while (!out.includes(text)) { if (Date.now() - t > ms) throw new Error("timeout " + text); await new Promise((r) => setTimeout(r, 50)); } };
let n = 0;
const run = async (cmd: string, ms = 60000) => { const m = `__done${n++}__`; e.serial0_send(cmd + `; echo ${m.slice(0, 3)}""${m.slice(3)}\n`); await wait(m, ms); };
await wait("# ", 120000);
await run("mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev");
e.serial0_send("mkdir /.root; mount --bind / /.root; cd /.root; mount --move . /; exec chroot . /bin/sh\n");
await new Promise((r) => setTimeout(r, 4000));
await run("mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev; mkdir -p /dev/pts; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /run; mount -t tmpfs tmpfs /tmp; mount -t cgroup2 cgroup2 /sys/fs/cgroup; echo '+memory +pids +cpu' > /sys/fs/cgroup/cgroup.subtree_control");
await run("mount -t 9p -o trans=virtio,version=9p2000.L,msize=131072,cache=loose host9p /mnt/host; ls /mnt/host/images/bb/rootfs");
await run("mkdir -p /run/b/upper /run/b/work /run/b/rootfs; mount -t overlay overlay -o lowerdir=/mnt/host/images/bb/rootfs,upperdir=/run/b/upper,workdir=/run/b/work,index=off,redirect_dir=off,metacopy=off,xino=off /run/b/rootfs; cp /mnt/host/cfg/config.json /run/b/config.json; ls /run/b/rootfs/bin | head -3");
await run("crun --root=/run/crun run --bundle=/run/b t2 </dev/null; echo rc=$?", 120000);
await run("crun --root=/run/crun --debug --log=/run/b/crun.log create --bundle=/run/b --pid-file=/run/b/pid t3 </dev/null; echo rc=$?; cat /run/b/pid; echo; ls -la /run/crun/t3; sleep 1; cat /run/b/crun.log", 120000);
await run("cat /proc/$(cat /run/b/pid)/status | head -5; ls -la /run/crun/t3");
await e.destroy();

import { GuestVm } from "../../worker/vm/guest-vm.ts";
import { busyboxRootfs, guestVmInputs, ociConfig } from "./guest-fixture.ts";
const inputs = await guestVmInputs();
const vm = new GuestVm(inputs);
const boot = await vm.boot();
await boot.files.writeTree("images/bb/rootfs", busyboxRootfs());
const agent = boot.agent;
const t0 = performance.now();
agent.onExit((id, code) => console.log("EXIT", id, code, Math.round(performance.now() - t0)));
let handle = 1;
async function attempt(name: string, tty: boolean, args: string[]) {
  const id = "t" + name;
  const h = handle++;
  agent.attachOutput(h, { data: (s, b) => console.log(name, "OUT", s, JSON.stringify(new TextDecoder().decode(b))), eof: (s) => console.log(name, "EOF", s, Math.round(performance.now() - t0)) });
  const config = ociConfig({ args, hostname: "abc", cgroup: `/berth/${id}`, tty });
  try {
    const pid = await agent.create({ id, handle: h, rootfs: "images/bb/rootfs", configJson: config, tty, stdinOpen: tty });
    console.log(name, "created", pid, Math.round(performance.now() - t0));
    await new Promise((r) => setTimeout(r, 300));
    await agent.start(id);
    console.log(name, "started");
  } catch (e) { console.log(name, "ERR", (e as Error).message); }
  await new Promise((r) => setTimeout(r, 1500));
}
await attempt("tty", true, ["sh"]);
await attempt("plain", false, ["echo", "hi"]);
console.log("---- serial ----\n" + vm.serialLog());
await vm.dispose();

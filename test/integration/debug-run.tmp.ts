import { GuestVm } from "../../worker/vm/guest-vm.ts";
import { busyboxRootfs, guestVmInputs, ociConfig } from "./guest-fixture.ts";
const vm = new GuestVm(await guestVmInputs());
const boot = await vm.boot();
await boot.files.writeTree("images/bb/rootfs", busyboxRootfs());
const agent = boot.agent;
agent.onExit((id, code) => console.log("EXIT", id, code));
agent.attachOutput(1, { data: (s, b) => console.log("OUT", s, JSON.stringify(new TextDecoder().decode(b))), eof: (s) => console.log("EOF", s) });
const id = "abc123abc123abc123";
try {
  const pid = await agent.create({ id, handle: 1, rootfs: "images/bb/rootfs", configJson: ociConfig({ args: ["echo", "hello"], hostname: "abc123abc123", cgroup: `/berth/${id}` }), tty: false, stdinOpen: false });
  console.log("pid", pid);
  await new Promise((r) => setTimeout(r, 1000));
  await agent.start(id);
  await new Promise((r) => setTimeout(r, 2000));
} catch (e) { console.log("ERR", e); }
console.log("---- serial ----\n" + vm.serialLog());
await vm.dispose();

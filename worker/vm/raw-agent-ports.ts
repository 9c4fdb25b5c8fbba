// v86 answers the guest driver's PORT_READY for every virtio-console port with "this port is a
// console" (VIRTIO_CONSOLE_CONSOLE_PORT), so Linux hands the agent's ports to the hvc tty layer:
// 16-byte reads with each byte queued on its own, 2 KiB writes. Measured (test/bench/nic-path-figures.ts):
// 1 MiB host→guest cost 53.6 M guest instructions through hvc; as plain ports (/dev/vport0p1, p2,
// which the agent opens first) a 5 MiB transfer took 6 M instead of 19 M, and throughput rose
// about threefold. So the agent's ports (1 and 2) are kept off the console; port 0 stays one.

import type { V86Emulator } from "./v86-surface.ts";

/** virtio-console's control event VIRTIO_CONSOLE_CONSOLE_PORT (the virtio spec's value). */
const CONSOLE_PORT_EVENT = 4;

/** Call once the emulator has loaded (its devices exist) and before the guest's driver starts. */
export function keepAgentPortsRaw(emulator: V86Emulator): void {
  const device = emulator.v86?.cpu.devices.virtio_console;
  if (!device) throw new Error("v86 has no virtio-console device");
  const sendEvent = device.SendEvent.bind(device);
  device.SendEvent = (port, event, value) => {
    if (event === CONSOLE_PORT_EVENT && port > 0) return;
    sendEvent(port, event, value);
  };
}

// Test-only glue to v86 0.5's network card and TCP stack (not declared by v86.d.ts; shapes read from
// src/browser/fake_network.js and src/virtio_console.js) for test/bench/nic-path-figures.ts: the
// connection surface, workarounds for defects of the stack, and the experiment's variants.

import type { V86Emulator } from "../../worker/vm/v86-surface.ts";

/** A TCP connection of v86's fake network stack (src/browser/fake_network.js, TCPConnection). */
export interface V86TcpConnection {
  /** Takes one parsed segment from the guest. */
  process(packet: V86TcpPacket): void;
  on(event: "connect" | "shutdown" | "close", handler: () => void): void;
  on(event: "data", handler: (data: Uint8Array) => void): void;
  write(data: Uint8Array): void;
  close(): void;
}

export interface V86TcpPacket {
  tcp: { fin: boolean; psh?: boolean; seq: number };
  tcp_data: Uint8Array;
}

export type NicEmulator = V86Emulator & { network_adapter: { connect(port: number): V86TcpConnection; receive(frame: Uint8Array): void } };

/** The Internet checksum of `bytes` (even length), starting from `sum`. */
function internetChecksum(bytes: Uint8Array, sum = 0): number {
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | bytes[i + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/**
 * Variant (BERTH_NIC_SYN_MSS): v86's connect() sends its SYN without an MSS option, so Linux sends
 * it segments of the default 536 bytes. This adds the option to that SYN on its way to the guest.
 */
export function announceMss(adapter: NicEmulator["network_adapter"], mss: number): void {
  const receive = adapter.receive.bind(adapter);
  adapter.receive = (frame) => {
    const ip = 14;
    const tcp = ip + 20;
    const isBareSyn = frame.length === tcp + 20 && frame[12] === 0x08 && frame[13] === 0 && frame[ip] === 0x45 && frame[ip + 9] === 6 && frame[tcp + 13] === 0x02;
    if (!isBareSyn) return receive(frame);
    const out = new Uint8Array(frame.length + 4);
    out.set(frame);
    out.set([2, 4, mss >> 8, mss & 0xff], tcp + 20);
    const view = new DataView(out.buffer);
    view.setUint16(ip + 2, 20 + 24);
    view.setUint16(ip + 10, 0);
    view.setUint16(ip + 10, internetChecksum(out.subarray(ip, tcp)));
    out[tcp + 12] = 6 << 4;
    view.setUint16(tcp + 16, 0);
    const pseudo = internetChecksum(out.subarray(ip + 12, ip + 20), 6 + 24);
    view.setUint16(tcp + 16, internetChecksum(out.subarray(tcp), ~pseudo & 0xffff));
    receive(out);
  };
}

/**
 * Works around two defects of v86 0.5's TCPConnection.process for segments from the guest:
 * - it handles a FIN before looking at the segment's payload, so the last bytes were lost when Linux
 *   set FIN on its final data segment (it usually does): such a segment goes in as two, the data
 *   and then the FIN;
 * - it adds received lengths to its acknowledgement number without wrapping it at 2^32, so a
 *   transfer across the guest's sequence wrap stalled: the number is wrapped before each segment.
 */
export function repairSegmentHandling(connection: V86TcpConnection): void {
  const state = connection as unknown as { ack: number };
  const process = connection.process.bind(connection);
  const processWrapped = (packet: V86TcpPacket) => {
    state.ack >>>= 0;
    process(packet);
  };
  connection.process = (packet) => {
    if (!packet.tcp.fin || packet.tcp_data.length === 0) return processWrapped(packet);
    processWrapped({ ...packet, tcp: { ...packet.tcp, fin: false } });
    processWrapped({ ...packet, tcp: { ...packet.tcp, psh: false, seq: (packet.tcp.seq + packet.tcp_data.length) >>> 0 }, tcp_data: new Uint8Array(0) });
  };
}

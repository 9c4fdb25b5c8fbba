// Egress under `berth daemon`: containers' connections leave through Node sockets on this machine,
// checked by the same policy as the proxy's relay, or by none when the daemon runs with
// `--egress=open`.

import type { EgressPolicy } from "../../src/proxy/egress/egress-policy.ts";
import { connectFailureReason } from "../../src/proxy/egress/egress-session.ts";
import { openNodeSocket, resolveAll } from "../../src/proxy/egress/node-egress.ts";
import { WispCloseReason } from "../../src/proxy/egress/wisp-packets.ts";
import type { EgressConnector } from "./egress-relay.ts";

const CONNECT_TIMEOUT_MS = 10_000;

/** A policy that lets every host through (`--egress=open`); names still have to resolve. */
export const openEgressPolicy: EgressPolicy = {
  async decide(host) {
    const addresses = await resolveAll(host).catch(() => []);
    return addresses[0] ? { allowed: true, address: addresses[0] } : { allowed: false, reason: "unreachable", message: `${host} does not resolve` };
  },
};

export function nodeEgressConnector(policy: EgressPolicy, log: (line: string) => void = () => undefined): EgressConnector {
  return {
    async open(host, port, events) {
      let closed = false;
      const close = (reason: number): void => {
        if (closed) return;
        closed = true;
        events.closed(reason);
      };
      const decision = await policy.decide(host, port);
      if (!decision.allowed) {
        log(`egress refused ${host}:${port}: ${decision.message}`);
        queueMicrotask(() => close(decision.reason === "blocked" ? WispCloseReason.Blocked : WispCloseReason.Unreachable));
        return { write: () => undefined, close: () => undefined };
      }
      const pending: Uint8Array[] = [];
      let socket: Awaited<ReturnType<typeof openNodeSocket>> | undefined;
      openNodeSocket(decision.address, port, CONNECT_TIMEOUT_MS, {
        data: (bytes) => events.data(bytes),
        drain: () => undefined,
        closed: () => close(WispCloseReason.Voluntary),
      }).then(
        (opened) => {
          if (closed) return opened.destroy();
          socket = opened;
          for (const bytes of pending.splice(0)) opened.write(bytes);
        },
        (error: unknown) => close(connectFailureReason(error)),
      );
      return {
        write: (bytes) => (socket ? socket.write(bytes) : void pending.push(Uint8Array.from(bytes))),
        close: () => {
          closed = true;
          socket?.destroy();
        },
      };
    },
  };
}

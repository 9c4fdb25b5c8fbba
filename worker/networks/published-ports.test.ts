import { describe, expect, it } from "vitest";
import { PublishedPorts, type PortHost, type PublishedPort } from "./published-ports.ts";

function port(hostPort: number, containerId = "c1"): PublishedPort {
  return { hostIp: "0.0.0.0", hostPort, containerId, containerAddress: "172.17.0.2", containerPort: 80, protocol: "tcp" };
}

describe("PublishedPorts", () => {
  it("refuses a host port that is taken, keeping nothing of the failed claim", async () => {
    const ports = new PublishedPorts();
    await ports.claim([port(8080)]);
    await expect(ports.claim([port(8081, "c2"), port(8080, "c2")])).rejects.toThrow("Bind for 0.0.0.0:8080 failed: port is already allocated");
    expect(ports.lookup(8081)).toBeUndefined();
    expect(ports.lookup(8080)?.containerId).toBe("c1");
  });

  it("shows a binding without a host address as where the host listens: 0.0.0.0 without one", async () => {
    const [shown] = await new PublishedPorts().claim([{ ...port(8090), hostIp: "" }]);
    expect(shown.hostIp).toBe("0.0.0.0");
    const host: PortHost = { unspecifiedAddress: "127.0.0.1", open: async () => undefined, close: () => undefined };
    const [loopback] = await new PublishedPorts(host).claim([{ ...port(8090), hostIp: "" }]);
    expect(loopback.hostIp).toBe("127.0.0.1");
  });

  it("picks distinct ephemeral ports for port 0 and frees them on release", async () => {
    const ports = new PublishedPorts();
    const [a, b] = await ports.claim([port(0), port(0)]);
    expect(a.hostPort).toBeGreaterThanOrEqual(32768);
    expect(b.hostPort).not.toBe(a.hostPort);
    ports.release("c1");
    expect(ports.list()).toEqual([]);
  });

  it("undoes the claim when the host cannot open a port", async () => {
    const opened: number[] = [];
    const host: PortHost = {
      unspecifiedAddress: "127.0.0.1",
      async open(entry) {
        if (entry.hostPort === 9002) throw new Error("listen tcp4 127.0.0.1:9002: bind: address already in use");
        opened.push(entry.hostPort);
      },
      close(entry) {
        opened.splice(opened.indexOf(entry.hostPort), 1);
      },
    };
    const ports = new PublishedPorts(host);
    await expect(ports.claim([port(9001), port(9002)])).rejects.toThrow("address already in use");
    expect(opened).toEqual([]);
    expect(ports.list()).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import type { ContainerSummary } from "../api/types.ts";
import { displayablePorts } from "./displayable-ports.ts";

describe("displayablePorts", () => {
  it.each<[ContainerSummary["Ports"], string]>([
    [[], ""],
    [[{ PrivatePort: 80, Type: "tcp" }], "80/tcp"],
    [
      [
        { PrivatePort: 8002, Type: "tcp" },
        { PrivatePort: 8000, Type: "tcp" },
        { PrivatePort: 8001, Type: "tcp" },
        { PrivatePort: 53, Type: "udp" },
      ],
      "53/udp, 8000-8002/tcp",
    ],
    [[{ PrivatePort: 80, PublicPort: 80, IP: "0.0.0.0", Type: "tcp" }], "0.0.0.0:80->80/tcp"],
    [[{ PrivatePort: 80, PublicPort: 8080, IP: "0.0.0.0", Type: "tcp" }], "0.0.0.0:8080->80/tcp"],
    [[{ PrivatePort: 80, PublicPort: 8080, IP: "::", Type: "tcp" }], "[::]:8080->80/tcp"],
    [
      [
        { PrivatePort: 80, Type: "tcp" },
        { PrivatePort: 82, Type: "tcp" },
      ],
      "80/tcp, 82/tcp",
    ],
  ])("%j → %s", (ports, shown) => {
    expect(displayablePorts(ports)).toBe(shown);
  });
});

import { describe, expect, it } from "vitest";
import { daemonBaseUrl, InvalidDaemonHostError } from "./daemon-host.ts";

describe("daemonBaseUrl", () => {
  it("speaks plain HTTP for tcp://, with Docker's default port", () => {
    expect(daemonBaseUrl("tcp://127.0.0.1:2380")).toBe("http://127.0.0.1:2380");
    expect(daemonBaseUrl("tcp://localhost")).toBe("http://localhost:2375");
    expect(daemonBaseUrl("tcp://[::1]:2380")).toBe("http://[::1]:2380");
  });

  it("takes http:// and https:// as they are, without a trailing slash", () => {
    expect(daemonBaseUrl("http://127.0.0.1:2380/")).toBe("http://127.0.0.1:2380");
    expect(daemonBaseUrl("https://docker.example:8443/prefix/")).toBe("https://docker.example:8443/prefix");
  });

  it("refuses what a page cannot reach or parse", () => {
    expect(() => daemonBaseUrl("unix:///var/run/docker.sock")).toThrow(new InvalidDaemonHostError("a page reaches a daemon over tcp://, http:// or https:// only, not unix://"));
    expect(() => daemonBaseUrl("127.0.0.1:2375")).toThrow("unable to parse docker host `127.0.0.1:2375`");
    expect(() => daemonBaseUrl("http://127.0.0.1:2375?x=1")).toThrow(InvalidDaemonHostError);
  });
});

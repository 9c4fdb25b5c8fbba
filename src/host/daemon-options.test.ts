import { describe, expect, it } from "vitest";
import { parseDaemonOptions, parseHost, UsageError } from "./daemon-options.ts";

const env = { BERTH_HOME: "/state" };

describe("berth daemon options", () => {
  it("listens on a unix socket in the state directory by default", () => {
    expect(parseDaemonOptions([], env)).toMatchObject({ stateDirectory: "/state", listeners: [{ kind: "unix", path: "/state/berth.sock" }], debug: false });
  });

  it("takes several -H in dockerd's spelling", () => {
    const options = parseDaemonOptions(["-H", "unix:///run/b.sock", "--host=tcp://127.0.0.1:2375", "-D"], env);
    expect(options.listeners).toEqual([
      { kind: "unix", path: "/run/b.sock" },
      { kind: "tcp", host: "127.0.0.1", port: 2375 },
    ]);
    expect(options.debug).toBe(true);
  });

  it("refuses an address beyond loopback without mutual TLS", () => {
    expect(() => parseDaemonOptions(["-H", "tcp://0.0.0.0:2375"], env)).toThrow(UsageError);
    expect(() => parseDaemonOptions(["-H", "tcp://192.168.1.5:2375"], env)).toThrow(/needs mutual TLS/);
    expect(() => parseDaemonOptions(["-H", "tcp://0.0.0.0:2376", "--tlsverify", "--tlscacert", "ca.pem", "--tlscert", "c.pem"], env)).toThrow(/--tlskey/);
    const tls = parseDaemonOptions(["-H", "tcp://0.0.0.0:2376", "--tlsverify", "--tlscacert", "ca.pem", "--tlscert", "c.pem", "--tlskey", "k.pem"], env);
    expect(tls.tls).toEqual({ caFile: "ca.pem", certFile: "c.pem", keyFile: "k.pem" });
  });

  it("keeps browser origins as origins", () => {
    expect(parseDaemonOptions(["--allow-origin", "http://127.0.0.1:5173/"], env).allowedOrigins).toEqual(["http://127.0.0.1:5173"]);
  });

  it("reads --memory as docker run reads sizes, within what the guest can use", () => {
    expect(parseDaemonOptions([], env).memoryBytes).toBeUndefined();
    expect(parseDaemonOptions(["--memory", "256m"], env).memoryBytes).toBe(256 * 1024 ** 2);
    expect(parseDaemonOptions(["-m", "0.75g"], env).memoryBytes).toBe(768 * 1024 ** 2);
    expect(parseDaemonOptions(["--memory=640MiB"], env).memoryBytes).toBe(640 * 1024 ** 2);
    expect(() => parseDaemonOptions(["--memory", "lots"], env)).toThrow(`invalid argument "lots" for "-m, --memory" flag: invalid size: 'lots'`);
    expect(() => parseDaemonOptions(["--memory", "512q"], env)).toThrow(/invalid suffix: 'q'/);
    expect(() => parseDaemonOptions(["--memory", "2g"], env)).toThrow(/between 128m and 896m .*not 2048m/);
    expect(() => parseDaemonOptions(["--memory", "64m"], env)).toThrow(UsageError);
    expect(() => parseDaemonOptions(["--memory", "300000k"], env)).toThrow(/whole number of MiB/);
    expect(() => parseDaemonOptions(["--memory"], env)).toThrow("flag needs an argument: --memory");
  });

  it("rejects unknown flags and hosts it cannot serve", () => {
    expect(() => parseDaemonOptions(["--bogus"], env)).toThrow("unknown flag: --bogus");
    expect(() => parseHost("fd://")).toThrow(UsageError);
    expect(() => parseHost("tcp://127.0.0.1:2375/path")).toThrow(/no path/);
    expect(parseHost("tcp://[::1]:0")).toEqual({ kind: "tcp", host: "::1", port: 0 });
  });
});

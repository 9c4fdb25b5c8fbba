import { describe, expect, it } from "vitest";
import { createRootfsTree } from "../rootfs/tree.ts";
import { bundleFileContents, validateExtraHosts, withBundleFileTargets } from "./bundle-files.ts";

describe("a container's /etc files", () => {
  it("name the container's addresses after its hostname, below the localhost block and the extra hosts, as Docker's /etc/hosts", () => {
    const files = bundleFileContents({
      hostname: "web",
      domainname: "example.test",
      hostConfig: { ExtraHosts: ["db:10.0.0.5", "gw:host-gateway", "v6:[2001:db8::1]"] },
      addresses: ["172.18.0.2", "172.19.0.3"],
      embeddedDns: true,
    });
    expect(files.hosts).toBe(
      [
        "127.0.0.1\tlocalhost",
        "::1\tlocalhost ip6-localhost ip6-loopback",
        "fe00::0\tip6-localnet",
        "ff00::0\tip6-mcastprefix",
        "ff02::1\tip6-allnodes",
        "ff02::2\tip6-allrouters",
        "10.0.0.5\tdb",
        "172.17.0.1\tgw",
        "2001:db8::1\tv6",
        "172.18.0.2\tweb.example.test web",
        "172.19.0.3\tweb.example.test web",
        "",
      ].join("\n"),
    );
    expect(files.hostname).toBe("web\n");
  });

  it("point resolv.conf at the embedded DNS on a network, with the search domains and options asked for", () => {
    const hostConfig = { DnsSearch: ["corp.test"], DnsOptions: ["timeout:2"] };
    expect(bundleFileContents({ hostname: "a", hostConfig, addresses: ["172.17.0.2"], embeddedDns: true })["resolv.conf"]).toBe(
      "nameserver 127.0.0.11\nsearch corp.test\noptions timeout:2 ndots:0\n",
    );
    const withNdots = (DnsOptions: string[]) => bundleFileContents({ hostname: "a", hostConfig: { DnsOptions }, addresses: [], embeddedDns: true })["resolv.conf"];
    expect(withNdots(["ndots:2", "attempts:3"])).toBe("nameserver 127.0.0.11\noptions ndots:2 attempts:3\n");
    expect(withNdots(["ndots:-1", "rotate"])).toBe("nameserver 127.0.0.11\noptions rotate ndots:0\n");
    expect(bundleFileContents({ hostname: "a", hostConfig: {}, addresses: [], embeddedDns: false })["resolv.conf"]).not.toContain("nameserver");
  });

  it("have empty mount targets in the image's guest copy where the image has none, the image's own tree untouched", () => {
    const bare = createRootfsTree();
    const guestCopy = withBundleFileTargets(bare);
    expect([...guestCopy.keys()]).toEqual(["", "etc", "etc/hosts", "etc/hostname", "etc/resolv.conf"]);
    expect(guestCopy.get("etc/hosts")).toMatchObject({ type: "file", mode: 0o644, data: new Uint8Array() });
    expect([...bare.keys()]).toEqual([""]);

    const hosts = { path: "etc/hosts", type: "file" as const, mode: 0o600, uid: 0, gid: 0, mtime: 1, data: new TextEncoder().encode("own") };
    const withHosts = new Map([...bare, ["etc", { path: "etc", type: "dir" as const, mode: 0o755, uid: 0, gid: 0, mtime: 1 }], ["etc/hosts", hosts]]);
    expect(withBundleFileTargets(withHosts).get("etc/hosts")).toBe(hosts);
    expect(withBundleFileTargets(withHosts).has("etc/resolv.conf")).toBe(true);
  });

  it("refuse extra hosts Docker refuses, in its words", () => {
    expect(() => validateExtraHosts(["db:10.0.0.5", "gw:host-gateway", "v6:::1"])).not.toThrow();
    expect(() => validateExtraHosts(["db"])).toThrow(`bad format for add-host: "db"`);
    expect(() => validateExtraHosts([":10.0.0.5"])).toThrow(`bad format for add-host: ":10.0.0.5"`);
    expect(() => validateExtraHosts(["db:ten"])).toThrow(`invalid IP address in add-host: "ten"`);
    expect(() => validateExtraHosts(["db:fe::zz"])).toThrow(`invalid IP address in add-host: "fe::zz"`);
  });
});

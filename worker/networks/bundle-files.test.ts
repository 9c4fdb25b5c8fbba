import { describe, expect, it } from "vitest";
import { bundleFileContents, validateExtraHosts } from "./bundle-files.ts";

describe("a container's /etc files", () => {
  it("name the container's addresses after its hostname, below the localhost block and the extra hosts, as Docker's /etc/hosts", () => {
    const files = bundleFileContents({
      hostname: "web",
      domainname: "example.test",
      hostConfig: { ExtraHosts: ["db:10.0.0.5", "gw:host-gateway", "v6:[2001:db8::1]"] },
      addresses: ["172.18.0.2", "172.19.0.3"],
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
    expect(bundleFileContents({ hostname: "a", hostConfig, addresses: ["172.17.0.2"] })["resolv.conf"]).toBe(
      "nameserver 127.0.0.11\nsearch corp.test\noptions ndots:0 timeout:2\n",
    );
    expect(bundleFileContents({ hostname: "a", hostConfig: {}, addresses: [] })["resolv.conf"]).not.toContain("nameserver");
  });

  it("refuse extra hosts Docker refuses, in its words", () => {
    expect(() => validateExtraHosts(["db:10.0.0.5", "gw:host-gateway", "v6:::1"])).not.toThrow();
    expect(() => validateExtraHosts(["db"])).toThrow(`bad format for add-host: "db"`);
    expect(() => validateExtraHosts([":10.0.0.5"])).toThrow(`bad format for add-host: ":10.0.0.5"`);
    expect(() => validateExtraHosts(["db:ten"])).toThrow(`invalid IP address in add-host: "ten"`);
  });
});

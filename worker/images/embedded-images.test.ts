import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadEmbeddedImages } from "./embedded-images.ts";
import { buildImageRootfs } from "./image-rootfs.ts";
import { InMemoryImageStore, toImageSummary } from "./image-store.ts";
import { LayerStore } from "./layer-store.ts";
import { nodeFileReader } from "./node-file-reader.ts";
import { loadOciLayout } from "./oci-layout.ts";

const publicRoot = fileURLToPath(new URL("../../public/", import.meta.url));

describe("the committed busybox image (public/images/busybox)", () => {
  it("loads with every digest verified", async () => {
    const image = await loadOciLayout(nodeFileReader(`${publicRoot}images/busybox`));
    expect(image.config).toMatchObject({
      architecture: "386",
      os: "linux",
      config: { Cmd: ["sh"], Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] },
    });
    expect(image.annotations).toMatchObject({
      "io.containerd.image.name": "docker.io/library/busybox:latest",
      "org.opencontainers.image.ref.name": "latest",
    });
    expect(image.layers).toHaveLength(1);
  });

  it("is listed in embedded.json, stored under its name and unpacks to a working rootfs", async () => {
    const images = new InMemoryImageStore();
    const layers = new LayerStore();
    const [record] = await loadEmbeddedImages(nodeFileReader(publicRoot), images, layers);
    expect(images.resolve("busybox").id).toBe(record!.id);
    expect(toImageSummary(record!).RepoTags).toEqual(["busybox:latest"]);

    const tree = buildImageRootfs(record!, layers);
    expect(tree.get("bin/busybox")).toMatchObject({ type: "file", mode: 0o755, uid: 0, gid: 0 });
    expect(tree.get("bin/busybox")!.data!.subarray(0, 4)).toEqual(Uint8Array.of(0x7f, 0x45, 0x4c, 0x46)); // ELF
    expect(tree.get("bin/busybox")!.data![4]).toBe(1); // ELFCLASS32: an i386 binary
    for (const applet of ["bin/sh", "bin/ls", "sbin/ifconfig", "usr/bin/env", "usr/sbin/chroot"]) {
      expect(tree.get(applet), applet).toMatchObject({ type: "hardlink", linkTarget: "bin/busybox", mode: 0o755 });
    }
    expect(tree.get("tmp")).toMatchObject({ type: "dir", mode: 0o1777 });
    expect(tree.get("root")).toMatchObject({ type: "dir", mode: 0o700 });
    for (const dir of ["dev", "proc", "sys", "home", "var"]) expect(tree.get(dir)?.type, dir).toBe("dir");
    expect(new TextDecoder().decode(tree.get("etc/passwd")!.data)).toMatch(/^root:x:0:0:root:\/root:\/bin\/sh$/m);
    expect(new TextDecoder().decode(tree.get("etc/group")!.data)).toMatch(/^wheel:x:10:root$/m);
  });
});

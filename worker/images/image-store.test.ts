import { describe, expect, it } from "vitest";
import type { ImageConfig } from "./oci-types.ts";
import { InMemoryImageStore, toImageSummary, type ImageRecord } from "./image-store.ts";

const config: ImageConfig = {
  architecture: "386",
  os: "linux",
  config: { Cmd: ["sh"], Labels: { maintainer: "berth" } },
  rootfs: { type: "layers", diff_ids: [] },
};

function record(idHex: string, tags: string[] = [], digests: string[] = []): ImageRecord {
  return { id: `sha256:${idHex}`, repoTags: tags, repoDigests: digests, created: 1_700_000_000, size: 1234, config, layers: [] };
}

const busyboxId = `abc1${"0".repeat(60)}`;
const alpineId = `abc2${"0".repeat(60)}`;
const otherId = `f00d${"1".repeat(60)}`;
const manifestDigest = `sha256:${"9".repeat(64)}`;

function store(): InMemoryImageStore {
  const images = new InMemoryImageStore();
  images.add(record(busyboxId, ["docker.io/library/busybox:latest"], [`docker.io/library/busybox@${manifestDigest}`]));
  images.add(record(alpineId, ["docker.io/library/alpine:3.20", "ghcr.io/me/tool:1"]));
  images.add(record(otherId));
  return images;
}

describe("InMemoryImageStore.resolve", () => {
  it.each([
    ["busybox", busyboxId],
    ["busybox:latest", busyboxId],
    ["library/busybox", busyboxId],
    ["docker.io/library/busybox:latest", busyboxId],
    [`busybox@${manifestDigest}`, busyboxId],
    ["alpine:3.20", alpineId],
    ["ghcr.io/me/tool:1", alpineId],
    [`sha256:${busyboxId}`, busyboxId],
    [busyboxId, busyboxId],
    ["abc1", busyboxId],
    ["sha256:abc2", alpineId],
    ["f", otherId],
  ])("%s", (input, id) => {
    expect(store().resolve(input).id).toBe(`sha256:${id}`);
  });

  it.each([
    ["nothere", "No such image: nothere:latest"],
    ["alpine", "No such image: alpine:latest"],
    ["busybox:1.36", "No such image: busybox:1.36"],
    ["abc", "No such image: abc:latest"], // ambiguous prefix: Docker reports it as missing too
    [`sha256:${"e".repeat(64)}`, `No such image: sha256:${"e".repeat(64)}`],
    [`busybox@sha256:${"8".repeat(64)}`, `No such image: busybox@sha256:${"8".repeat(64)}`],
  ])("%s is not found", (input, message) => {
    expect(() => store().resolve(input)).toThrow(message);
    try {
      store().resolve(input);
    } catch (error) {
      expect(error).toMatchObject({ code: "not-found" });
    }
  });

  it("rejects malformed references", () => {
    expect(() => store().resolve("BusyBox")).toThrow(/must be lowercase/);
  });
});

describe("InMemoryImageStore tags", () => {
  it("moves a tag to the newly tagged image, leaving the old one dangling", () => {
    const images = store();
    images.tag(`sha256:${otherId}`, "busybox");
    expect(images.resolve("busybox").id).toBe(`sha256:${otherId}`);
    expect(images.get(`sha256:${busyboxId}`)!.repoTags).toEqual([]);
  });

  it("merges tags and digests when the same image is added again", () => {
    const images = store();
    images.add(record(busyboxId, ["docker.io/library/busybox:stable"], [`docker.io/library/busybox@${manifestDigest}`]));
    expect(images.get(`sha256:${busyboxId}`)).toMatchObject({
      repoTags: ["docker.io/library/busybox:latest", "docker.io/library/busybox:stable"],
      repoDigests: [`docker.io/library/busybox@${manifestDigest}`],
    });
    expect(images.list()).toHaveLength(3);
  });

  it("untags and removes", () => {
    const images = store();
    expect(images.untag("alpine:3.20").id).toBe(`sha256:${alpineId}`);
    expect(() => images.resolve("alpine:3.20")).toThrow(/No such image/);
    expect(() => images.untag("alpine:3.20")).toThrow("No such image: alpine:3.20");
    images.remove(`sha256:${alpineId}`);
    expect(images.list().map((i) => i.id)).toEqual([`sha256:${busyboxId}`, `sha256:${otherId}`]);
    expect(() => images.remove(`sha256:${alpineId}`)).toThrow(/No such image/);
  });

  it("refuses to tag with a digest or to tag a missing image", () => {
    const images = store();
    expect(() => images.tag(`sha256:${otherId}`, `x@${manifestDigest}`)).toThrow(/digest reference/);
    expect(() => images.tag(`sha256:${"7".repeat(64)}`, "x")).toThrow(/No such image/);
  });
});

describe("toImageSummary", () => {
  it("shows names in familiar form", () => {
    const summary = toImageSummary(store().resolve("alpine:3.20"));
    expect(summary).toEqual({
      Id: `sha256:${alpineId}`,
      ParentId: "",
      RepoTags: ["alpine:3.20", "ghcr.io/me/tool:1"],
      RepoDigests: [],
      Created: 1_700_000_000,
      Size: 1234,
      SharedSize: -1,
      Labels: { maintainer: "berth" },
      Containers: -1,
    });
    expect(toImageSummary(store().resolve("busybox")).RepoDigests).toEqual([`busybox@${manifestDigest}`]);
  });
});

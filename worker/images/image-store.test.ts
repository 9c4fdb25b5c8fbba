import { describe, expect, it, vi } from "vitest";
import { MemoryRecordStore } from "../metadata/memory-record-store.ts";
import type { ImageMetadataStore } from "./image-metadata-store.ts";
import { PersistedImageStore, toImageSummary, type ImageRecord } from "./image-store.ts";
import type { ImageConfig } from "./oci-types.ts";

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

async function store(metadata: ImageMetadataStore = new MemoryRecordStore<ImageRecord>()): Promise<PersistedImageStore> {
  const images = new PersistedImageStore(metadata);
  await images.load();
  await images.add(record(busyboxId, ["docker.io/library/busybox:latest"], [`docker.io/library/busybox@${manifestDigest}`]));
  await images.add(record(alpineId, ["docker.io/library/alpine:3.20", "ghcr.io/me/tool:1"]));
  await images.add(record(otherId));
  return images;
}

describe("PersistedImageStore.resolve", () => {
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
  ])("%s", async (input, id) => {
    expect((await store()).resolve(input).id).toBe(`sha256:${id}`);
  });

  it.each([
    ["nothere", "No such image: nothere:latest"],
    ["alpine", "No such image: alpine:latest"],
    ["busybox:1.36", "No such image: busybox:1.36"],
    ["abc", "No such image: abc:latest"], // ambiguous prefix: Docker reports it as missing too
    [`sha256:${"e".repeat(64)}`, `No such image: sha256:${"e".repeat(64)}`],
    [`busybox@sha256:${"8".repeat(64)}`, `No such image: busybox@sha256:${"8".repeat(64)}`],
  ])("%s is not found", async (input, message) => {
    const images = await store();
    expect(() => images.resolve(input)).toThrow(message);
    try {
      images.resolve(input);
    } catch (error) {
      expect(error).toMatchObject({ code: "not-found" });
    }
  });

  it("rejects malformed references", async () => {
    const images = await store();
    expect(() => images.resolve("BusyBox")).toThrow(/must be lowercase/);
  });
});

describe("PersistedImageStore tags", () => {
  it("moves a tag to the newly tagged image, leaving the old one dangling", async () => {
    const images = await store();
    await images.tag(`sha256:${otherId}`, "busybox");
    expect(images.resolve("busybox").id).toBe(`sha256:${otherId}`);
    expect(images.get(`sha256:${busyboxId}`)!.repoTags).toEqual([]);
  });

  it("merges tags and digests when the same image is added again", async () => {
    const images = await store();
    await images.add(record(busyboxId, ["docker.io/library/busybox:stable"], [`docker.io/library/busybox@${manifestDigest}`]));
    expect(images.get(`sha256:${busyboxId}`)).toMatchObject({
      repoTags: ["docker.io/library/busybox:latest", "docker.io/library/busybox:stable"],
      repoDigests: [`docker.io/library/busybox@${manifestDigest}`],
    });
    expect(images.list()).toHaveLength(3);
  });

  it("untags and removes", async () => {
    const images = await store();
    expect((await images.untag("alpine:3.20")).id).toBe(`sha256:${alpineId}`);
    expect(() => images.resolve("alpine:3.20")).toThrow(/No such image/);
    await expect(images.untag("alpine:3.20")).rejects.toThrow("No such image: alpine:3.20");
    await images.remove(`sha256:${alpineId}`);
    expect(images.list().map((i) => i.id)).toEqual([`sha256:${busyboxId}`, `sha256:${otherId}`]);
    await expect(images.remove(`sha256:${alpineId}`)).rejects.toThrow(/No such image/);
  });

  it("refuses to tag with a digest or to tag a missing image", async () => {
    const images = await store();
    await expect(images.tag(`sha256:${otherId}`, `x@${manifestDigest}`)).rejects.toThrow(/digest reference/);
    await expect(images.tag(`sha256:${"7".repeat(64)}`, "x")).rejects.toThrow(/No such image/);
  });
});

describe("PersistedImageStore persistence", () => {
  const byId = (a: ImageRecord, b: ImageRecord) => a.id.localeCompare(b.id);

  it("writes every change through, so a store loaded from the same storage sees the same images", async () => {
    const storage = new Map<string, ImageRecord>();
    const images = await store(new MemoryRecordStore(storage));
    await images.tag(`sha256:${otherId}`, "busybox");
    await images.untag("ghcr.io/me/tool:1");
    await images.remove(`sha256:${alpineId}`);
    await images.add(record(alpineId, ["alpine:edge"]));
    const reloaded = new PersistedImageStore(new MemoryRecordStore(storage));
    await reloaded.load();
    expect(reloaded.list().sort(byId)).toEqual(images.list().sort(byId));
    expect(reloaded.resolve("busybox").id).toBe(`sha256:${otherId}`);
    expect(reloaded.get(`sha256:${alpineId}`)!.repoTags).toEqual(["docker.io/library/alpine:edge"]);
  });

  it("writes both records of a tag move in one put", async () => {
    const metadata = new MemoryRecordStore<ImageRecord>();
    const images = await store(metadata);
    const put = vi.spyOn(metadata, "put");
    await images.tag(`sha256:${otherId}`, "busybox");
    expect(put).toHaveBeenCalledTimes(1);
    expect(put.mock.calls[0]!.map((written) => written.id).sort()).toEqual([`sha256:${busyboxId}`, `sha256:${otherId}`]);
  });

  it("persists changes made without awaiting each in the order they were made", async () => {
    const storage = new Map<string, ImageRecord>();
    const images = await store(new MemoryRecordStore(storage));
    await Promise.all([images.tag(`sha256:${otherId}`, "busybox"), images.tag(`sha256:${alpineId}`, "busybox")]);
    const reloaded = new PersistedImageStore(new MemoryRecordStore(storage));
    await reloaded.load();
    expect(reloaded.resolve("busybox").id).toBe(`sha256:${alpineId}`);
    expect(reloaded.get(`sha256:${otherId}`)!.repoTags).toEqual([]);
  });

  it("changes nothing when an added image has an invalid tag", async () => {
    const metadata = new MemoryRecordStore<ImageRecord>();
    const images = await store(metadata);
    const newId = `beef${"2".repeat(60)}`;
    await expect(images.add(record(newId, ["busybox:latest", `x@${manifestDigest}`]))).rejects.toThrow(/digest reference/);
    expect(images.get(`sha256:${newId}`)).toBeUndefined();
    expect(images.resolve("busybox").id).toBe(`sha256:${busyboxId}`);
    expect(await metadata.load()).toHaveLength(3);
  });
});

describe("toImageSummary", () => {
  it("shows names in familiar form", async () => {
    const images = await store();
    const summary = toImageSummary(images.resolve("alpine:3.20"));
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
    expect(toImageSummary(images.resolve("busybox")).RepoDigests).toEqual([`busybox@${manifestDigest}`]);
  });
});

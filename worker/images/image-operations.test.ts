import { describe, expect, it } from "vitest";
import type { ContentStore } from "../content/content-store.ts";
import { MemoryRecordStore } from "../metadata/memory-record-store.ts";
import type { ImageEvents } from "./image-events.ts";
import { ImageOperations } from "./image-operations.ts";
import { PersistedImageStore, type ImageRecord } from "./image-store.ts";

const id = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

function image(n: number, parent?: number, tags: string[] = []): ImageRecord {
  return {
    id: id(n),
    repoTags: tags,
    repoDigests: [],
    created: 0,
    size: 0,
    config: { architecture: "386", os: "linux", rootfs: { type: "layers", diff_ids: [] } },
    layers: [],
    ...(parent === undefined ? {} : { parent: id(parent) }),
  };
}

async function setup(records: ImageRecord[], inUse: string[] = []) {
  const images = new PersistedImageStore(new MemoryRecordStore<ImageRecord>());
  for (const record of records) await images.add(record);
  const operations = new ImageOperations({
    images,
    content: { info: async () => undefined, delete: async () => undefined } as unknown as ContentStore,
    forgetLayersExcept: () => undefined,
    containersUsing: (imageId) => (inUse.includes(imageId) ? [{ id: "c".repeat(64), running: false }] : []),
    events: { publish: () => undefined, pruned: () => undefined } as unknown as ImageEvents,
  });
  return { images, operations };
}

describe("images a build made steps on", () => {
  it("go with the image built on them, unless tagged, used, or parent of another image", async () => {
    // 1 ← 2 ← 3 (tagged app), and 2 ← 4 (tagged other): 2 stays while 4 needs it.
    const { images, operations } = await setup([image(1, undefined, ["docker.io/library/base:latest"]), image(2, 1), image(3, 2, ["docker.io/library/app:latest"]), image(4, 2, ["docker.io/library/other:latest"])]);
    expect(await operations.remove("app", false)).toEqual([{ Untagged: "app:latest" }, { Deleted: id(3) }]);
    expect(await operations.remove("other", false)).toEqual([{ Untagged: "other:latest" }, { Deleted: id(4) }, { Deleted: id(2) }]);
    expect(images.list().map((record) => record.id)).toEqual([id(1)]);
  });

  it("stay with --no-prune, and prune looks only at images no other was built on", async () => {
    const { images, operations } = await setup([image(1), image(2, 1), image(3, 2, ["docker.io/library/app:latest"])]);
    await operations.remove("app", false, true);
    expect(images.list()).toHaveLength(2);
    const pruned = await operations.prune(false);
    expect(pruned.ImagesDeleted).toEqual([{ Deleted: id(2) }, { Deleted: id(1) }]);
  });
});

describe("the history of a built image", () => {
  it("names the entries that the image and its stored parents end", async () => {
    const withHistory = (record: ImageRecord, steps: number): ImageRecord => ({
      ...record,
      config: { ...record.config, history: Array.from({ length: steps }, (_, index) => ({ created_by: `step ${index}`, empty_layer: true })) },
    });
    const { operations } = await setup([withHistory(image(1, undefined, ["docker.io/library/base:latest"]), 2), withHistory(image(2, 1), 3), withHistory(image(3, 2, ["docker.io/library/app:latest"]), 4)]);
    expect(operations.history("app").map((item) => [item.Id, item.CreatedBy, item.Tags])).toEqual([
      [id(3), "step 3", ["app:latest"]],
      [id(2), "step 2", []],
      [id(1), "step 1", ["base:latest"]],
      ["<missing>", "step 0", []],
    ]);
  });
});

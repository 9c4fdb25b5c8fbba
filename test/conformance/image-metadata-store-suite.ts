// The conformance suite every ImageMetadataStore backend passes.

import type { ImageMetadataStore } from "../../worker/images/image-metadata-store.ts";
import type { ImageRecord } from "../../worker/images/image-store.ts";
import { assertDeepEqual } from "./assert.ts";
import type { ConformanceCase } from "./conformance.ts";

const hex64 = (seed: number) => seed.toString(16).padStart(64, "0");

function imageRecord(seed: number, repoTags: string[] = [`docker.io/library/image-${seed}:latest`]): ImageRecord {
  const diffId = `sha256:${hex64(seed + 0x10000)}`;
  return {
    id: `sha256:${hex64(seed)}`,
    repoTags,
    repoDigests: [`docker.io/library/image-${seed}@sha256:${hex64(seed + 0x20000)}`],
    created: 1_700_000_000 + seed,
    size: 1000 * seed,
    config: {
      created: "2024-05-01T12:00:00Z",
      architecture: "386",
      os: "linux",
      config: {
        Env: ["PATH=/usr/bin:/bin", `SEED=${seed}`],
        Cmd: ["sh", "-c", "echo \"quoted\" 'and' \\ backslash"],
        Entrypoint: null,
        Labels: { "org.example.note": "ünïcödé ✓", empty: "" },
        ExposedPorts: { "80/tcp": {} },
      },
      rootfs: { type: "layers", diff_ids: [diffId] },
      history: [{ created_by: "/bin/sh -c #(nop) ADD file:abc in /", empty_layer: false }],
    },
    layers: [{ digest: `sha256:${hex64(seed + 0x30000)}`, diffId, size: 512 * seed, mediaType: "application/vnd.oci.image.layer.v1.tar+gzip" }],
  };
}

const byId = (a: ImageRecord, b: ImageRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Checks that `store` holds exactly `expected`, in any order. */
async function assertHolds(store: ImageMetadataStore, expected: ImageRecord[], what: string): Promise<void> {
  assertDeepEqual((await store.load()).sort(byId), [...expected].sort(byId), what);
}

export function imageMetadataStoreCases(): ConformanceCase<ImageMetadataStore>[] {
  return [
    {
      name: "starts empty",
      async run(open) {
        await assertHolds(await open(), [], "a new store");
      },
    },
    {
      name: "loads back exactly what was put",
      async run(open) {
        const store = await open();
        const record = imageRecord(1);
        await store.put(record);
        await assertHolds(store, [record], "after put");
      },
    },
    {
      name: "keeps its records across a reload",
      async run(open) {
        const records = [imageRecord(1), imageRecord(2, [])];
        const store = await open();
        for (const record of records) await store.put(record);
        await assertHolds(await open(), records, "a reopened store");
      },
    },
    {
      name: "stores several records in one put",
      async run(open) {
        const records = [imageRecord(1), imageRecord(2), imageRecord(3)];
        await (await open()).put(...records);
        await assertHolds(await open(), records, "a reopened store");
      },
    },
    {
      name: "replaces a record put again under the same id",
      async run(open) {
        const store = await open();
        await store.put(imageRecord(1), imageRecord(2));
        const retagged = { ...imageRecord(1, ["docker.io/library/other:1"]), repoDigests: [] };
        await store.put(retagged);
        await assertHolds(store, [retagged, imageRecord(2)], "after the second put");
        await assertHolds(await open(), [retagged, imageRecord(2)], "a reopened store");
      },
    },
    {
      name: "deletes a record, and takes deleting a missing id in its stride",
      async run(open) {
        const store = await open();
        await store.put(imageRecord(1), imageRecord(2));
        await store.delete(imageRecord(1).id);
        await store.delete(`sha256:${hex64(999)}`);
        await assertHolds(store, [imageRecord(2)], "after delete");
        await assertHolds(await open(), [imageRecord(2)], "a reopened store");
      },
    },
    {
      name: "keeps many records",
      async run(open) {
        const records = Array.from({ length: 300 }, (_, index) => imageRecord(index + 1));
        const store = await open();
        for (let start = 0; start < records.length; start += 50) await store.put(...records.slice(start, start + 50));
        await assertHolds(await open(), records, "a reopened store");
      },
    },
    {
      name: "loses no record to concurrent puts",
      async run(open) {
        const records = Array.from({ length: 40 }, (_, index) => imageRecord(index + 1));
        const store = await open();
        await Promise.all(records.map((record) => store.put(record)));
        await assertHolds(store, records, "after the puts");
        await assertHolds(await open(), records, "a reopened store");
      },
    },
    {
      name: "applies calls made without awaiting each in the order they were made",
      async run(open) {
        const store = await open();
        const final = imageRecord(1, ["docker.io/library/final:1"]);
        const calls = [
          store.put(imageRecord(1), imageRecord(2)),
          store.put(imageRecord(3)),
          store.delete(imageRecord(2).id),
          store.put(final),
          store.delete(imageRecord(3).id),
          store.put(imageRecord(3, [])),
        ];
        const loaded = store.load();
        await Promise.all(calls);
        assertDeepEqual((await loaded).sort(byId), [final, imageRecord(3, [])], "a load made after the calls");
        await assertHolds(await open(), [final, imageRecord(3, [])], "a reopened store");
      },
    },
    {
      name: "keeps copies: later changes to put or loaded records do not reach the store",
      async run(open) {
        const store = await open();
        const record = imageRecord(1);
        const written = store.put(record);
        record.repoTags.push("docker.io/library/changed:1");
        record.size = 0;
        await written;
        const [loaded] = await store.load();
        loaded!.repoTags.length = 0;
        loaded!.config.config!.Env!.push("CHANGED=1");
        await assertHolds(store, [imageRecord(1)], "after changing the objects");
      },
    },
  ];
}

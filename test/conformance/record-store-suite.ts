// The conformance suite every RecordStore backend passes, for any kind of record: `sample(seed)`
// makes a distinct record per seed (the suite runs with image and with container records).

import type { RecordStore } from "../../worker/metadata/record-store.ts";
import { assertDeepEqual } from "./assert.ts";
import type { ConformanceCase } from "./conformance.ts";

type Keyed = { id: string };

const byId = (a: Keyed, b: Keyed) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Checks that `store` holds exactly `expected`, in any order. */
async function assertHolds<T extends Keyed>(store: RecordStore<T>, expected: T[], what: string): Promise<void> {
  assertDeepEqual((await store.load()).sort(byId), [...expected].sort(byId), what);
}

/** Changes every array, object, string, number and boolean inside `value`, in place. */
function scribble(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const field = fields[key];
    if (typeof field === "string") fields[key] = `${field}, changed`;
    else if (typeof field === "number") fields[key] = field + 1;
    else if (typeof field === "boolean") fields[key] = !field;
    else scribble(field);
  }
  if (Array.isArray(value)) value.push("added");
  else fields["added"] = true;
}

export function recordStoreCases<T extends Keyed>(sample: (seed: number) => T): ConformanceCase<RecordStore<T>>[] {
  /** The record of `seed`, with other contents: those of `contentSeed`. */
  const changed = (seed: number, contentSeed: number): T => ({ ...sample(contentSeed), id: sample(seed).id });
  const seeds = (count: number) => Array.from({ length: count }, (_, index) => sample(index + 1));
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
        await store.put(sample(1));
        await assertHolds(store, [sample(1)], "after put");
      },
    },
    {
      name: "keeps its records across a reload",
      async run(open) {
        const store = await open();
        for (const record of seeds(2)) await store.put(record);
        await assertHolds(await open(), seeds(2), "a reopened store");
      },
    },
    {
      name: "stores several records in one put",
      async run(open) {
        await (await open()).put(...seeds(3));
        await assertHolds(await open(), seeds(3), "a reopened store");
      },
    },
    {
      name: "replaces a record put again under the same id",
      async run(open) {
        const store = await open();
        await store.put(sample(1), sample(2));
        await store.put(changed(1, 7));
        await assertHolds(store, [changed(1, 7), sample(2)], "after the second put");
        await assertHolds(await open(), [changed(1, 7), sample(2)], "a reopened store");
      },
    },
    {
      name: "replaces and adds records in one put",
      async run(open) {
        const store = await open();
        await store.put(sample(1), sample(2));
        await store.put(changed(2, 8), sample(3), changed(1, 9));
        await assertHolds(await open(), [changed(1, 9), changed(2, 8), sample(3)], "a reopened store");
      },
    },
    {
      name: "deletes a record, and takes deleting a missing id in its stride",
      async run(open) {
        const store = await open();
        await store.put(sample(1), sample(2));
        await store.delete(sample(1).id);
        await store.delete(sample(999).id);
        await assertHolds(store, [sample(2)], "after delete");
        await assertHolds(await open(), [sample(2)], "a reopened store");
      },
    },
    {
      name: "keeps records under ids of any characters",
      async run(open) {
        const ids = ["a/b", "..", ".", "with space", "colon:and\\back", "ünïcödé ✓ 🐳", "x".repeat(300), "A", "a"];
        const records = ids.map((id, index) => ({ ...sample(index + 1), id }));
        const store = await open();
        await store.put(...records);
        await store.delete("a/b");
        await assertHolds(await open(), records.slice(1), "a reopened store");
      },
    },
    {
      name: "keeps many records",
      async run(open) {
        const records = seeds(300);
        const store = await open();
        for (let start = 0; start < records.length; start += 50) await store.put(...records.slice(start, start + 50));
        await assertHolds(await open(), records, "a reopened store");
      },
    },
    {
      name: "loses no record to concurrent puts",
      async run(open) {
        const store = await open();
        await Promise.all(seeds(40).map((record) => store.put(record)));
        await assertHolds(store, seeds(40), "after the puts");
        await assertHolds(await open(), seeds(40), "a reopened store");
      },
    },
    {
      name: "applies calls made without awaiting each in the order they were made",
      async run(open) {
        const store = await open();
        const calls = [
          store.put(sample(1), sample(2)),
          store.put(sample(3)),
          store.delete(sample(2).id),
          store.put(changed(1, 5)),
          store.delete(sample(3).id),
          store.put(changed(3, 6)),
        ];
        const loaded = store.load();
        await Promise.all(calls);
        assertDeepEqual((await loaded).sort(byId), [changed(1, 5), changed(3, 6)].sort(byId), "a load made after the calls");
        await assertHolds(await open(), [changed(1, 5), changed(3, 6)], "a reopened store");
      },
    },
    {
      name: "keeps copies: later changes to put or loaded records do not reach the store",
      async run(open) {
        const store = await open();
        const record = sample(1);
        const written = store.put(record);
        scribble(record);
        await written;
        const [loaded] = await store.load();
        scribble(loaded);
        await assertHolds(store, [sample(1)], "after changing the objects");
      },
    },
  ];
}

// The storage conformance suites as the browser harness runs them: the IndexedDB backends on the
// browser's own IndexedDB. The end-to-end test reads the expected case names from here too.

import { IndexedDbContentStore } from "../../worker/content/indexeddb-content-store.ts";
import { IndexedDbImageMetadataStore } from "../../worker/images/indexeddb-image-metadata-store.ts";
import { IndexedDbSnapshotStore } from "../../worker/snapshots/indexeddb-snapshot-store.ts";
import { bindSuite, type BoundSuite } from "../conformance/conformance.ts";
import { contentStoreCases } from "../conformance/content-store-suite.ts";
import { imageMetadataStoreCases } from "../conformance/image-metadata-store-suite.ts";
import { snapshotStoreCases } from "../conformance/snapshot-store-suite.ts";

// Small chunks so that modest blobs exercise the multi-chunk paths; the bulk blob is a few MB.
const chunkBytes = 16 * 1024;

/** `runId` keeps each run's databases apart from earlier runs in the same browser profile. */
export function browserSuites(runId: string): BoundSuite[] {
  return [
    bindSuite(
      "ContentStore conformance: IndexedDB",
      contentStoreCases({ largeBytes: 3 * chunkBytes, bulkBytes: 4 * 1024 * 1024 }),
      (location) => new IndexedDbContentStore(location, chunkBytes),
      `${runId}-content`,
    ),
    bindSuite(
      "ImageMetadataStore conformance: IndexedDB",
      imageMetadataStoreCases(),
      (location) => new IndexedDbImageMetadataStore(location),
      `${runId}-images`,
    ),
    bindSuite(
      "SnapshotStore conformance: IndexedDB",
      snapshotStoreCases(3 * chunkBytes),
      (location) => new IndexedDbSnapshotStore(location, chunkBytes),
      `${runId}-snapshot`,
    ),
  ];
}

// The storage conformance suites as the browser harness runs them: the IndexedDB backends on the
// browser's own IndexedDB. The end-to-end test reads the expected case names from here too.

import { IndexedDbContentStore } from "../../worker/content/indexeddb-content-store.ts";
import { ChecksummedDiskChunkStore } from "../../worker/disks/checksummed-disk-chunk-store.ts";
import { defaultSlotBytes } from "../../worker/disks/disk-bus.ts";
import { IndexedDbDiskChunkStore } from "../../worker/disks/indexeddb-disk-chunk-store.ts";
import { IndexedDbContainerLogStore } from "../../worker/logs/indexeddb-log-store.ts";
import { IndexedDbRecordStore } from "../../worker/metadata/indexeddb-record-store.ts";
import { CredentialStore } from "../../worker/remotes/credential-store.ts";
import { IndexedDbSnapshotStore } from "../../worker/snapshots/indexeddb-snapshot-store.ts";
import { IndexedDbWorkspaceStore } from "../../worker/workspace/indexeddb-workspace-store.ts";
import { bindSuite, type BoundSuite } from "../conformance/conformance.ts";
import { contentStoreCases } from "../conformance/content-store-suite.ts";
import { credentialStoreCases } from "../conformance/credential-store-suite.ts";
import { diskChunkStoreCases } from "../conformance/disk-chunk-store-suite.ts";
import { logStoreCases, logSuiteLimits } from "../conformance/log-store-suite.ts";
import { containerRecordSample, imageRecordSample, networkRecordSample } from "../conformance/record-samples.ts";
import { recordStoreCases } from "../conformance/record-store-suite.ts";
import { snapshotStoreCases } from "../conformance/snapshot-store-suite.ts";
import { workspaceStoreCases } from "../conformance/workspace-store-suite.ts";

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
      "RecordStore conformance, image records: IndexedDB",
      recordStoreCases(imageRecordSample),
      (location) => new IndexedDbRecordStore(location, "images"),
      `${runId}-images`,
    ),
    bindSuite(
      "RecordStore conformance, container records: IndexedDB",
      recordStoreCases(containerRecordSample),
      (location) => new IndexedDbRecordStore(location, "containers"),
      `${runId}-containers`,
    ),
    bindSuite(
      "RecordStore conformance, network records: IndexedDB",
      recordStoreCases(networkRecordSample),
      (location) => new IndexedDbRecordStore(location, "networks"),
      `${runId}-networks`,
    ),
    bindSuite(
      "CredentialStore conformance: IndexedDB",
      credentialStoreCases(),
      (location) => new CredentialStore(new IndexedDbRecordStore(location, "credentials")),
      `${runId}-credentials`,
    ),
    bindSuite(
      "SnapshotStore conformance: IndexedDB",
      snapshotStoreCases(3 * chunkBytes),
      (location) => new IndexedDbSnapshotStore(location, chunkBytes),
      `${runId}-snapshot`,
    ),
    bindSuite(
      "ContainerLogStore conformance: IndexedDB",
      logStoreCases(),
      (location) => new IndexedDbContainerLogStore(location, logSuiteLimits),
      `${runId}-logs`,
    ),
    bindSuite("WorkspaceStore conformance: IndexedDB", workspaceStoreCases(), (location) => new IndexedDbWorkspaceStore(location), `${runId}-workspace`),
    bindSuite(
      "DiskChunkStore conformance: IndexedDB",
      diskChunkStoreCases(),
      (location) => new IndexedDbDiskChunkStore(location, chunkBytes),
      `${runId}-disks`,
    ),
    bindSuite(
      "DiskChunkStore conformance: checksummed IndexedDB",
      diskChunkStoreCases(),
      (location) => new ChecksummedDiskChunkStore(new IndexedDbDiskChunkStore(location, chunkBytes), defaultSlotBytes / chunkBytes),
      `${runId}-checked-disks`,
    ),
  ];
}

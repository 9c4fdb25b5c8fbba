// Durable storage for image records, beneath the ImageStore's in-memory index: a RecordStore (see
// ../metadata/record-store.ts for its lifecycle and guarantees).

import type { RecordStore } from "../metadata/record-store.ts";
import type { ImageRecord } from "./image-store.ts";

export type ImageMetadataStore = RecordStore<ImageRecord>;

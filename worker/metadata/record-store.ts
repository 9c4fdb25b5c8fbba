// Durable storage for a kind of record (images, containers) beneath the engine's in-memory index.
// Lifecycle: the engine opens a backend once and `load`s every record at start; from then on each
// change to a record is written through: `put` stores whole records (replacing those with the same
// ids), `delete` drops one. Each call is atomic, also when `put` stores several records (a tag
// moving from one image to another), so a reload at any moment sees the state before or after it.
// Calls take effect in the order they are made, even when the caller does not await each one.
// Records are plain JSON data, stored as copies: later changes to the caller's objects do not leak in.

export interface RecordStore<T extends { id: string }> {
  /** Every stored record, in no particular order. */
  load(): Promise<T[]>;
  /** Stores the records in one atomic step. */
  put(...records: T[]): Promise<void>;
  /** Drops the record with this id; a missing id is not an error. */
  delete(id: string): Promise<void>;
}

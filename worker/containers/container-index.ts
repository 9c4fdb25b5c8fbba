// The engine's index of container records, written through to a ContainerMetadataStore.
// Lifecycle: `load` once at start; `add` a new record, `save` it after each change, `remove` it
// when the container is deleted. Lookups resolve a full id, a unique id prefix or a name, as Docker
// does. Writes are issued in call order; `settled` waits for those issued so far.

import { EngineError } from "../../src/api/errors.ts";
import { WriteQueue } from "../metadata/write-queue.ts";
import type { ContainerMetadataStore, ContainerRecord } from "./container-record.ts";

export class ContainerIndex {
  readonly #byId = new Map<string, ContainerRecord>();
  readonly #writes = new WriteQueue("a container record");

  constructor(private readonly store: ContainerMetadataStore) {}

  async load(): Promise<ContainerRecord[]> {
    for (const record of await this.store.load()) this.#byId.set(record.id, record);
    return this.list();
  }

  add(record: ContainerRecord): void {
    const holder = this.findByName(record.name);
    if (holder) throw nameConflict(record.name, holder.id);
    this.#byId.set(record.id, record);
    this.save(record);
  }

  /** Writes the record's current content through to the store. */
  save(record: ContainerRecord): void {
    if (!this.#byId.has(record.id)) return;
    this.#writes.push(() => this.store.put(record));
  }

  remove(id: string): void {
    if (this.#byId.delete(id)) this.#writes.push(() => this.store.delete(id));
  }

  rename(record: ContainerRecord, name: string): void {
    const holder = this.findByName(name);
    if (holder && holder.id !== record.id) throw nameConflict(name, holder.id);
    record.name = name;
    this.save(record);
  }

  /** Resolves a full id, a unique id prefix or a name ("/name" too). */
  resolve(idOrName: string): ContainerRecord {
    const exact = this.#byId.get(idOrName) ?? this.findByName(idOrName.replace(/^\//, ""));
    if (exact) return exact;
    const matches = idOrName.length > 0 ? [...this.#byId.values()].filter((record) => record.id.startsWith(idOrName)) : [];
    if (matches.length === 1) return matches[0];
    if (matches.length > 1) throw new EngineError("invalid", `multiple IDs found with provided prefix: ${idOrName}`);
    throw new EngineError("not-found", `No such container: ${idOrName}`);
  }

  get(id: string): ContainerRecord | undefined {
    return this.#byId.get(id);
  }

  /** Newest first, as `docker ps` lists them. */
  list(): ContainerRecord[] {
    return [...this.#byId.values()].sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
  }

  findByName(name: string): ContainerRecord | undefined {
    return [...this.#byId.values()].find((record) => record.name === name);
  }

  /** Resolves once every write issued so far has reached the store. */
  settled(): Promise<void> {
    return this.#writes.settled();
  }
}

function nameConflict(name: string, holderId: string): EngineError {
  return new EngineError(
    "conflict",
    `Conflict. The container name "/${name}" is already in use by container "${holderId}". You have to remove (or rename) that container to be able to reuse that name.`,
  );
}

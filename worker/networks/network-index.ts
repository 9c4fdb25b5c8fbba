// The engine's index of network records, written through to a NetworkMetadataStore. `load` once at
// start (it makes the predefined networks the first time); `add` and `remove` user networks. A
// network is found as Docker's FindNetwork finds it: by full id, then full name, then unique id
// prefix.

import { EngineError } from "../../src/api/errors.ts";
import { rfc3339Nano } from "../containers/container-record.ts";
import { randomId } from "../containers/random-id.ts";
import { WriteQueue } from "../metadata/write-queue.ts";
import { PREDEFINED_NETWORKS, predefinedNetwork, type NetworkMetadataStore, type NetworkRecord } from "./network-record.ts";

export class NetworkIndex {
  readonly #byId = new Map<string, NetworkRecord>();
  readonly #writes = new WriteQueue("a network record");

  constructor(private readonly store: NetworkMetadataStore) {}

  async load(): Promise<void> {
    for (const record of await this.store.load()) this.#byId.set(record.id, record);
    const created = rfc3339Nano(Date.now());
    for (const name of PREDEFINED_NETWORKS) {
      if (!this.byName(name)) this.add(predefinedNetwork(name, randomId(), created));
    }
    await this.settled();
  }

  add(record: NetworkRecord): void {
    if (this.byName(record.name)) throw new EngineError("conflict", `network with name ${record.name} already exists`);
    this.#byId.set(record.id, record);
    this.#writes.push(() => this.store.put(record));
  }

  remove(id: string): void {
    if (this.#byId.delete(id)) this.#writes.push(() => this.store.delete(id));
  }

  /** By full id, full name or unique id prefix, with Docker's errors. */
  find(term: string): NetworkRecord {
    const exact = this.#byId.get(term) ?? this.byName(term);
    if (exact) return exact;
    const byPrefix = term === "" ? [] : this.list().filter((record) => record.id.startsWith(term));
    if (byPrefix.length === 1) return byPrefix[0];
    if (byPrefix.length > 1) throw new EngineError("invalid", `network ${term} is ambiguous (${byPrefix.length} matches found based on ID prefix)`);
    throw new EngineError("not-found", `network ${term} not found`);
  }

  get(id: string): NetworkRecord | undefined {
    return this.#byId.get(id);
  }

  byName(name: string): NetworkRecord | undefined {
    return [...this.#byId.values()].find((record) => record.name === name);
  }

  /** Oldest first. */
  list(): NetworkRecord[] {
    return [...this.#byId.values()].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.name < b.name ? -1 : 1));
  }

  /** Resolves once every write issued so far has reached the store. */
  settled(): Promise<void> {
    return this.#writes.settled();
  }
}

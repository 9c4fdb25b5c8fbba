// A container is a metadata record; its running process (the "task") lives in the guest.
// Lifecycle: created (record + runtime spec) → running (guest process started) → exited (exit code
// recorded, guest resources deleted) → removed (record dropped). A running container is removed
// only by force, which kills its process first.

import type { ContainerCreateRequest, ContainerStateStatus } from "../../src/api/types.ts";
import { EngineError } from "../../src/api/errors.ts";

export interface ContainerRecord {
  id: string;
  name: string;
  createdAt: number;
  imageRef: string;
  imageId: string;
  request: ContainerCreateRequest;
  /** Entrypoint + Cmd as resolved from the image and the request. */
  args: string[];
  state: ContainerStateStatus;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
}

export class ContainerStore {
  readonly #byId = new Map<string, ContainerRecord>();

  add(record: ContainerRecord): void {
    const holder = this.findByName(record.name);
    if (holder) {
      throw new EngineError(
        "conflict",
        `Conflict. The container name "/${record.name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`,
      );
    }
    this.#byId.set(record.id, record);
  }

  /** Resolves a full id, a unique id prefix or a name, as Docker does. */
  resolve(idOrName: string): ContainerRecord {
    const exact = this.#byId.get(idOrName) ?? this.findByName(idOrName.replace(/^\//, ""));
    if (exact) return exact;
    const matches = [...this.#byId.values()].filter((record) => record.id.startsWith(idOrName));
    if (matches.length === 1 && idOrName.length > 0) return matches[0];
    if (matches.length > 1) throw new EngineError("invalid", `multiple IDs found with provided prefix: ${idOrName}`);
    throw new EngineError("not-found", `No such container: ${idOrName}`);
  }

  list(): ContainerRecord[] {
    return [...this.#byId.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  remove(id: string): void {
    this.#byId.delete(id);
  }

  private findByName(name: string): ContainerRecord | undefined {
    return [...this.#byId.values()].find((record) => record.name === name);
  }
}

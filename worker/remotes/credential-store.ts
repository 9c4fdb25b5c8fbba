// The logins `docker login` gave the engine, one per registry, kept in the engine's storage (never
// in the page) so later pulls and pushes to that registry use them. Records are keyed by the
// registry's host as serverHost() spells it, so a login is only ever looked up for its own registry.
// Lifecycle: loaded once on first use; each login or logout is written through at once.

import type { RecordStore } from "../metadata/record-store.ts";
import { serverHost, type RegistryCredentials } from "./registry-credentials.ts";

export interface CredentialRecord extends RegistryCredentials {
  /** The registry: "127.0.0.1:5000", "docker.io". */
  id: string;
}

export class CredentialStore {
  #loaded: Promise<Map<string, CredentialRecord>> | undefined;

  constructor(private readonly records: RecordStore<CredentialRecord>) {}

  /** The login kept for the registry `domain`, if any. */
  async get(domain: string): Promise<RegistryCredentials | undefined> {
    const record = (await this.#index()).get(serverHost(domain));
    return record && { username: record.username, password: record.password };
  }

  /** Keeps `credentials` for the registry `domain`, replacing an earlier login. */
  async save(domain: string, credentials: RegistryCredentials): Promise<void> {
    const record = { id: serverHost(domain), username: credentials.username, password: credentials.password };
    const index = await this.#index();
    await this.records.put(record);
    index.set(record.id, record);
  }

  /** Forgets the login for `domain`; false when there was none. */
  async forget(domain: string): Promise<boolean> {
    const index = await this.#index();
    const id = serverHost(domain);
    if (!index.has(id)) return false;
    await this.records.delete(id);
    index.delete(id);
    return true;
  }

  #index(): Promise<Map<string, CredentialRecord>> {
    this.#loaded ??= this.records.load().then(
      (records) => new Map(records.map((record) => [record.id, record])),
      (error: unknown) => {
        this.#loaded = undefined;
        throw error;
      },
    );
    return this.#loaded;
  }
}

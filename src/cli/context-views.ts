// How a docker context looks in `docker context ls` (Docker's ClientContext row) and in `docker
// context inspect` (its metadata, endpoints, credential listing and storage), for the stored
// contexts and the implied "default", which is the engine in this tab.

import { contextStorageKey, defaultContextName, type StoredContext } from "./context-store.ts";

/** The in-tab engine's address and description, where Docker shows its DOCKER_HOST's. */
const inTabEndpoint = "worker://berth-engine";
const inTabDescription = "The berth engine in this tab";

/** A row of `docker context ls`, its fields in the order Go's JSON prints them. */
export interface ContextRow {
  Current: boolean;
  Description: string;
  DockerEndpoint: string;
  Error: string;
  Name: string;
}

export function contextRow(context: StoredContext | undefined, current: boolean): ContextRow {
  return context
    ? { Current: current, Description: context.description, DockerEndpoint: context.host, Error: "", Name: context.name }
    : { Current: current, Description: inTabDescription, DockerEndpoint: inTabEndpoint, Error: "", Name: defaultContextName };
}

/**
 * `docker context inspect`'s object. The token is a credential, so, as Docker lists TLS files by
 * name only, it is listed under TLSMaterial and never shown.
 */
export function contextInspectView(context: StoredContext | undefined): object {
  const storage = context ? `localStorage ${contextStorageKey}` : "<IN MEMORY>";
  return {
    Name: context?.name ?? defaultContextName,
    Metadata: context?.description ? { Description: context.description } : {},
    Endpoints: { docker: { Host: context?.host ?? inTabEndpoint, SkipTLSVerify: false } },
    TLSMaterial: context?.token !== undefined ? { docker: ["token"] } : {},
    Storage: { MetadataPath: storage, TLSPath: storage },
  };
}

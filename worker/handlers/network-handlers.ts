// The network operations of the Engine API, mapped onto the network service.

import type { EngineApi } from "../../src/api/engine-api.ts";
import type { NetworkService } from "../networks/network-service.ts";

export type NetworkOperationName = Extract<keyof EngineApi, `network${string}`>;

export interface NetworkHandlerDependencies {
  /** Resolves once the engine is up (records loaded, guest booting). */
  started(): Promise<unknown>;
  networks: NetworkService;
}

export function networkHandlers(deps: NetworkHandlerDependencies): Pick<EngineApi, NetworkOperationName> {
  const { networks } = deps;
  const ready = async () => void (await deps.started());
  return {
    async networkList({ filters }) {
      await ready();
      return networks.list(filters);
    },
    async networkInspect({ id }) {
      await ready();
      return networks.inspect(id);
    },
    async networkCreate({ body }) {
      await ready();
      return networks.create(body);
    },
    async networkDelete({ id }) {
      await ready();
      await networks.remove(id);
    },
    async networkPrune({ filters }) {
      await ready();
      return networks.prune(filters);
    },
    async networkConnect({ id, body }) {
      await ready();
      await networks.connect(id, body);
    },
    async networkDisconnect({ id, body }) {
      await ready();
      await networks.disconnect(id, body);
    },
  };
}

// The network operations of Docker's Engine API, part of the operation table (operations.ts).

import type {
  Network,
  NetworkConnectRequest,
  NetworkCreateRequest,
  NetworkCreateResponse,
  NetworkDisconnectRequest,
  NetworkPruneResponse,
} from "./network-types.ts";
import { define } from "./operation-spec.ts";

const filters = "filters" as const;

export const networkOperations = {
  /** Every network with Docker's `filters` (driver, id, label, name, scope, type, dangling); Containers stays empty. */
  networkList: define<undefined, Network[]>()({
    operationId: "NetworkList",
    method: "GET",
    path: "/networks",
    query: { filters },
    body: "none",
    response: "json",
    status: 200,
  }),
  /** A network by id, name or unique id prefix, with its running containers. */
  networkInspect: define<undefined, Network>()({
    operationId: "NetworkInspect",
    method: "GET",
    path: "/networks/{id}",
    query: { verbose: "boolean", scope: "string" },
    body: "none",
    response: "json",
    status: 200,
  }),
  /** Removes a user-defined network no running container is on. */
  networkDelete: define()({
    operationId: "NetworkDelete",
    method: "DELETE",
    path: "/networks/{id}",
    body: "none",
    response: "empty",
    status: 204,
  }),
  /** A user-defined bridge network, its subnet from `IPAM` or Docker's default pools. */
  networkCreate: define<NetworkCreateRequest, NetworkCreateResponse>()({
    operationId: "NetworkCreate",
    method: "POST",
    path: "/networks/create",
    body: "json",
    response: "json",
    status: 201,
  }),
  /** Attaches a container (at once if it runs, else from its next start). */
  networkConnect: define<NetworkConnectRequest>()({
    operationId: "NetworkConnect",
    method: "POST",
    path: "/networks/{id}/connect",
    body: "json",
    response: "empty",
    status: 200,
  }),
  networkDisconnect: define<NetworkDisconnectRequest>()({
    operationId: "NetworkDisconnect",
    method: "POST",
    path: "/networks/{id}/disconnect",
    body: "json",
    response: "empty",
    status: 200,
  }),
  /** Removes the user-defined networks no running container is on (filters: label, label!, until). */
  networkPrune: define<undefined, NetworkPruneResponse>()({
    operationId: "NetworkPrune",
    method: "POST",
    path: "/networks/prune",
    query: { filters },
    body: "none",
    response: "json",
    status: 200,
  }),
};

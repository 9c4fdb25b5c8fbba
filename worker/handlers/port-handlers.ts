// berth's own operation on published ports (src/api/port-operations.ts), mapped onto the connector.
// It needs no start of its own: before the engine has started, no port is published.

import type { EngineApi } from "../../src/api/engine-api.ts";
import type { PortOperationName } from "../../src/api/port-operations.ts";
import type { PortConnector } from "../networks/port-connection.ts";

export function portHandlers(connector: PortConnector): Pick<EngineApi, PortOperationName> {
  return {
    portConnect: ({ port }, sink) => connector.connect(port, sink),
  };
}

// The page's client of a `berth daemon` (or any Docker daemon, for the calls it shares): the same
// EngineApi the in-tab engine offers, derived from the operation table and carried over HTTP the
// way Docker's client carries it. Each operation's stream kind picks its transport: a plain
// request, a JSON-lines or output response read as it comes, or a WebSocket for stdio. The only
// per-operation code is where Docker's wire format differs from the table's kinds: the ping's
// plain-text answer and the path stat that `docker cp` gets in a header.

import type { EngineApi, MessageSink, OutputSink } from "../api/engine-api.ts";
import type { ContainerPathStat } from "../api/container-types.ts";
import { EngineError } from "../api/errors.ts";
import type { OperationSpec } from "../api/operation-spec.ts";
import { operations, type OperationName } from "../api/operations.ts";
import { connectionLost, DaemonTransport, type Fetch } from "./daemon-transport.ts";
import { openJsonStream, openOutputStream } from "./response-streams.ts";
import { openStdioSocket, type WebSocketConstructor } from "./stdio-socket-client.ts";

export interface RemoteEngineOptions {
  /** Defaults to the global fetch. */
  fetch?: Fetch;
  /** Defaults to the global WebSocket (Node 20 has none: pass the `ws` package's). */
  WebSocket?: WebSocketConstructor;
}

type Method = (request: Record<string, unknown>, sink?: unknown) => Promise<unknown>;

/** The engine of the daemon at `host` (tcp://, http:// or https://), called with `token` when given. */
export function connectRemoteEngine(host: string, token?: string, options: RemoteEngineOptions = {}): EngineApi {
  const transport = new DaemonTransport(host, token, options.fetch ?? ((input, init) => fetch(input, init)));
  const webSocket = options.WebSocket ?? globalThis.WebSocket;
  const engine: Partial<Record<OperationName, Method>> = {};
  for (const name of Object.keys(operations) as OperationName[]) {
    engine[name] = remoteMethod(name, operations[name], transport, webSocket);
  }
  return engine as unknown as EngineApi;
}

function remoteMethod(name: OperationName, operation: OperationSpec, transport: DaemonTransport, webSocket: WebSocketConstructor): Method {
  if (operation.berthOnly) {
    return async () => {
      throw new EngineError("not-implemented", `${operation.operationId} is berth's own and not served by a daemon`);
    };
  }
  switch (operation.stream) {
    case "none":
      return async (request) => {
        const response = await transport.send(operation, request);
        try {
          return await readResult(name, operation, response);
        } catch (error) {
          throw error instanceof TypeError ? connectionLost(transport.host, error) : error;
        }
      };
    case "json":
      return (request, sink) => openJsonStream(transport, operation, request, sink as MessageSink<unknown>);
    case "output":
      return (request, sink) => openOutputStream(transport, operation, request, sink as OutputSink);
    case "stdio":
      return (request, sink) =>
        transport.inTurn(() => {
          const url = transport.socketUrl(operation, request);
          return openStdioSocket(url, webSocket, sink as OutputSink, () => transport.explainSocketFailure(url));
        });
  }
}

const resultReaders: Partial<Record<OperationName, (response: Response) => Promise<unknown>>> = {
  systemPing: (response) => response.text(),
  containerArchiveInfo: async (response) => pathStat(response),
  containerArchive: async (response) => ({ stat: pathStat(response), archive: new Uint8Array(await response.arrayBuffer()) }),
};

async function readResult(name: OperationName, operation: OperationSpec, response: Response): Promise<unknown> {
  const reader = resultReaders[name];
  if (reader) return reader(response);
  switch (operation.response) {
    case "json":
      return response.json();
    case "bytes":
      return new Uint8Array(await response.arrayBuffer());
    case "empty":
      await response.body?.cancel();
      return undefined;
  }
}

/** Docker's `X-Docker-Container-Path-Stat` header: the stat as base64-encoded JSON. */
function pathStat(response: Response): ContainerPathStat {
  const header = response.headers.get("X-Docker-Container-Path-Stat");
  if (header === null) throw new EngineError("system", "the daemon sent no X-Docker-Container-Path-Stat header");
  const bytes = Uint8Array.from(atob(header), (character) => character.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as ContainerPathStat;
}

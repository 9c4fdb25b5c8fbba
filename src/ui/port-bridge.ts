// The page's side of the port preview: the service worker asks the tab that runs the engine for a
// connection to a published port (src/service-worker/port-messages.ts), and this opens the engine's
// PortConnect stream and relays it over the MessagePort the service worker sent: the container's
// bytes as they come, the service worker's bytes each acknowledged once the engine has taken them.

import type { EngineApi, StreamConnection } from "../api/engine-api.ts";
import { isEngineError } from "../api/errors.ts";
import { isPortConnectRequest, type PageMessage, type WorkerMessage } from "../service-worker/port-messages.ts";

/** Where the service worker's messages arrive: navigator.serviceWorker in the page. */
export interface ServiceWorkerMessages {
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  /** Lets messages through before the document has loaded (a listener added with addEventListener waits for that). */
  startMessages?(): void;
}

export function servePortConnections(messages: ServiceWorkerMessages, engine: Pick<EngineApi, "portConnect">, byReference: <T extends object>(value: T) => T): void {
  messages.addEventListener("message", (event) => {
    const [channel] = event.ports;
    if (isPortConnectRequest(event.data) && channel) void relay(channel, event.data.port, engine, byReference);
  });
  messages.startMessages?.();
}

async function relay(channel: MessagePort, port: number, engine: Pick<EngineApi, "portConnect">, byReference: <T extends object>(value: T) => T): Promise<void> {
  const send = (message: PageMessage) => channel.postMessage(message);
  send({ type: "accepted" });
  const sink = byReference({
    write(_stream: 1 | 2, data: Uint8Array) {
      send(data.length === 0 ? { type: "eof" } : { type: "data", bytes: data });
    },
  });
  let connection: StreamConnection;
  try {
    connection = await engine.portConnect({ port: String(port) }, sink);
  } catch (error) {
    send({ type: "refused", notPublished: isEngineError(error) && error.code === "not-found", message: error instanceof Error ? error.message : String(error) });
    channel.close();
    return;
  }
  send({ type: "connected" });
  // Writes go in order, each acknowledged once the engine has it; a hang-up goes at once.
  let previous: Promise<unknown> = Promise.resolve();
  channel.onmessage = (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if (message.type === "close") return void connection.close();
    previous = previous
      .then(async () => {
        await connection.write(message.bytes);
        send({ type: "acked" });
      })
      .catch(() => connection.close());
  };
  await connection.done().then(
    () => send({ type: "ended" }),
    (error: unknown) => send({ type: "failed", message: error instanceof Error ? error.message : String(error) }),
  );
  channel.close();
}

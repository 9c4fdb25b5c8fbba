// How the service worker reaches a published port through the page that runs the engine (the
// service worker has no engine of its own). The service worker posts a connect request to a window
// client with a MessagePort; the rest of the conversation is on that port:
//   page → SW: "accepted" at once (this page has an engine), then "connected" or "refused";
//              "data" (bytes from the container), "eof" (the container's end of the connection
//              closed), "acked" (the engine took one "data" of the SW's), and last "ended" or
//              "failed" (the connection is over).
//   SW → page: "data" (bytes to the container; each is acked, which paces the sender), and
//              "close" (drop the connection; an HTTP exchange needs no half-close).

export const portConnectType = "berth-port-connect";

/** Posted to a window client, with the conversation's MessagePort transferred. */
export interface PortConnectRequest {
  type: typeof portConnectType;
  port: number;
}

export type PageMessage =
  | { type: "accepted" }
  | { type: "connected" }
  | { type: "refused"; notPublished: boolean; message: string }
  | { type: "data"; bytes: Uint8Array }
  | { type: "eof" }
  | { type: "acked" }
  | { type: "ended" }
  | { type: "failed"; message: string };

export type WorkerMessage = { type: "data"; bytes: Uint8Array } | { type: "close" };

export function isPortConnectRequest(value: unknown): value is PortConnectRequest {
  const request = value as Partial<PortConnectRequest> | null;
  return typeof request === "object" && request !== null && request.type === portConnectType && Number.isInteger(request.port);
}

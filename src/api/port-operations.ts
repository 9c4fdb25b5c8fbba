// berth's own operation on published ports, part of the operation table (operations.ts): a byte
// stream to the container behind a published host port, as a TCP connection to that port would be.
// The page's preview (the service worker's relay) and the daemon's listeners (worker/node-port-host.ts)
// both open it. Not served over HTTP: under `berth daemon` a published port is a real listener.
//
// The stream is a stdio stream carrying raw TCP bytes: the client's writes go to the container's
// socket and `closeWrite()` half-closes it; the socket's bytes come back on stream 1 of the sink,
// and the container's end of the connection closing (its EOF) is an empty write on stream 1. The
// stream ends once both directions have ended; `close()` drops the connection at once (a reset),
// and the container stopping drops it too. It fails with the container side's error message.

import { define } from "./operation-spec.ts";

export const portOperations = {
  /** A connection to the container port published on host port `port`. */
  portConnect: define()({
    operationId: "PortConnect",
    method: "POST",
    path: "/berth/ports/{port}/connect",
    body: "none",
    response: "bytes",
    stream: "stdio",
    status: 200,
    berthOnly: true,
  }),
};

export type PortOperationName = keyof typeof portOperations;

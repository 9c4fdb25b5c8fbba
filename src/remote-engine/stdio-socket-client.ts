// The page's end of a stdio operation (attach, exec start) over a WebSocket, in the protocol of
// src/api/stdio-socket.ts: the call resolves once the daemon says the stream is open (or rejects
// with its error), output arrives as binary messages, stdin goes out as binary messages and an
// empty one ends it, and closing the connection closes the socket.

import { engineErrorCodeForStatus, EngineError } from "../api/errors.ts";
import type { OutputSink, StreamConnection } from "../api/operation-spec.ts";
import { statusOfCloseCode, stdioSubprotocol, type StdioStatus } from "../api/stdio-socket.ts";

/** The browser's WebSocket, or one that behaves as it does (the `ws` package under Node). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocket;

const open = 1;

/** `explainFailure` says why a socket closed before the daemon answered (a browser does not tell). */
export function openStdioSocket(
  url: string,
  WebSocketImpl: WebSocketConstructor,
  sink: OutputSink,
  explainFailure: () => Promise<Error>,
): Promise<StreamConnection<void>> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocketImpl(url, [stdioSubprotocol]);
    socket.binaryType = "arraybuffer";
    let started = false;
    let failure: EngineError | undefined;
    let settle!: (error?: Error) => void;
    const done = new Promise<void>((resolveDone, rejectDone) => (settle = (error) => (error ? rejectDone(error) : resolveDone())));
    done.catch(() => undefined);
    const connection: StreamConnection<void> = {
      done: () => done,
      async close() {
        socket.close(1000);
        settle();
      },
      async write(data) {
        if (data.byteLength > 0 && socket.readyState === open) socket.send(data as Uint8Array<ArrayBuffer>);
      },
      async closeWrite() {
        if (socket.readyState === open) socket.send(new Uint8Array(0));
      },
    };
    socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data !== "string") return sink.write(1, new Uint8Array(event.data));
      const status = JSON.parse(event.data) as StdioStatus;
      if ("started" in status) {
        started = true;
        resolve(connection);
      } else {
        failure = new EngineError(engineErrorCodeForStatus(status.status), status.message);
      }
    };
    // A failure is reported as "error" and then "close", which settles everything.
    socket.onerror = () => undefined;
    socket.onclose = (event: CloseEvent) => {
      const status = statusOfCloseCode(event.code);
      const error = failure ?? (status === undefined ? undefined : new EngineError(engineErrorCodeForStatus(status), event.reason));
      if (started) settle(error);
      else if (error) reject(error);
      else void explainFailure().then(reject);
    };
  });
}

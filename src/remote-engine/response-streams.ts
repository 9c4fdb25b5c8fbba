// The json and output streams of the page's client: a response body read as it comes, into the
// caller's sink. json: one JSON message per line (a last `errorDetail` line is the stream's
// failure, as Docker's daemon reports an error after the headers have gone). output: Docker's
// multiplexed frames, or the raw bytes of a TTY. Closing the connection aborts the request, which
// ends the stream on the daemon's side as a hung-up client does.

import { EngineError } from "../api/errors.ts";
import type { MessageSink, OperationSpec, OutputSink, StreamConnection } from "../api/operation-spec.ts";
import { OutputDemultiplexer } from "../api/output-frames.ts";
import { connectionLost, type DaemonTransport } from "./daemon-transport.ts";

const rawStreamType = "application/vnd.docker.raw-stream";

export async function openJsonStream(
  transport: DaemonTransport,
  operation: OperationSpec,
  request: Record<string, unknown>,
  sink: MessageSink<unknown>,
): Promise<StreamConnection<void>> {
  const abort = new AbortController();
  const response = await transport.send(operation, request, abort.signal);
  const decoder = new TextDecoder();
  let partial = "";
  const reportLines = (text: string) => {
    const lines = (partial + text).split("\n");
    partial = lines.pop()!;
    for (const line of lines) if (line.trim() !== "") report(line);
  };
  const report = (line: string) => {
    const message = JSON.parse(line) as { errorDetail?: { code?: number; message?: string }; error?: string };
    if (message.errorDetail || message.error !== undefined) {
      throw new EngineError("system", message.errorDetail?.message ?? message.error ?? "", message.errorDetail?.code || undefined);
    }
    sink.report(message);
  };
  return readBody(transport.host, response, abort, {
    chunk: (bytes) => reportLines(decoder.decode(bytes, { stream: true })),
    end: () => reportLines(`${decoder.decode()}\n`),
  });
}

export async function openOutputStream(
  transport: DaemonTransport,
  operation: OperationSpec,
  request: Record<string, unknown>,
  sink: OutputSink,
): Promise<StreamConnection<void>> {
  const abort = new AbortController();
  const response = await transport.send(operation, request, abort.signal);
  const raw = response.headers.get("Content-Type")?.startsWith(rawStreamType) ?? false;
  const frames = new OutputDemultiplexer(sink);
  const chunk = (bytes: Uint8Array) => (raw ? bytes.byteLength > 0 && sink.write(1, bytes) : frames.push(bytes));
  return readBody(transport.host, response, abort, { chunk, end: () => undefined });
}

interface BodyReader {
  chunk(bytes: Uint8Array): void;
  end(): void;
}

/** Reads the body in the background; the connection's `done` settles when it ends, fails, or the client closes. */
function readBody(host: string, response: Response, abort: AbortController, reader: BodyReader): StreamConnection<void> {
  let closed = false;
  const read = async () => {
    const body = response.body?.getReader();
    if (!body) return reader.end();
    try {
      for (;;) {
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await body.read();
        } catch (error) {
          if (closed) return;
          throw connectionLost(host, error);
        }
        if (next.done) return reader.end();
        reader.chunk(next.value);
      }
    } catch (error) {
      abort.abort();
      throw error;
    }
  };
  const done = read();
  done.catch(() => undefined);
  return {
    done: () => done,
    async close() {
      closed = true;
      abort.abort();
    },
    async write() {},
    async closeWrite() {},
  };
}

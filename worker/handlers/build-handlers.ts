// The build operation of the Engine API (the classic builder's POST /build), mapped onto the
// image builder: its query parameters decoded as Docker reads them, the stream ended with the
// build's outcome.

import type { EngineApi, MessageSink } from "../../src/api/engine-api.ts";
import { EngineError } from "../../src/api/errors.ts";
import type { BuildInfo } from "../../src/api/types.ts";
import type { BuildBackend } from "../build/build-backend.ts";
import { buildImage } from "../build/image-builder.ts";
import { EngineStream } from "../streams/stream-connection.ts";

export interface BuildHandlerDependencies {
  started(): Promise<unknown>;
  backend: BuildBackend;
}

export function buildHandlers(deps: BuildHandlerDependencies): Pick<EngineApi, "imageBuild"> {
  return {
    async imageBuild(request, sink) {
      await deps.started();
      const cancel = new AbortController();
      const buildRequest = {
        context: request.body,
        dockerfile: request.dockerfile,
        tags: request.t ?? [],
        buildArgs: jsonObject<string | null>(request.buildargs, "buildargs"),
        labels: jsonObject<string>(request.labels, "labels"),
        target: request.target,
        noCache: request.nocache ?? false,
        pull: Boolean(request.pull),
        quiet: request.q ?? false,
        signal: cancel.signal,
      };
      const stream = new EngineStream();
      stream.onClose(() => cancel.abort());
      // The stream ends, with success or an error, only once the client has every message before it.
      let deliveries: Promise<unknown> = Promise.resolve();
      const counted: MessageSink<BuildInfo> = {
        report(message) {
          const delivery = Promise.resolve(sink.report(message)).catch(() => stream.close());
          deliveries = Promise.all([deliveries, delivery]);
        },
      };
      buildImage(deps.backend, buildRequest, counted).then(
        () => deliveries.then(() => stream.end()),
        (error: unknown) => deliveries.then(() => stream.fail(error)),
      );
      return stream;
    },
  };
}

/** A JSON object of strings, as Docker's buildargs and labels parameters are; absent is empty. */
function jsonObject<Value>(text: string | undefined, name: string): Record<string, Value> {
  if (!text) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EngineError("invalid", `${name}: invalid JSON: ${text}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new EngineError("invalid", `${name}: not a JSON object: ${text}`);
  return parsed as Record<string, Value>;
}

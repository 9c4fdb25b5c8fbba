import { describe, expect, it } from "vitest";
import type { EngineApi } from "../src/api/engine-api.ts";
import { operations } from "../src/api/operations.ts";
import { exposeOperations } from "./engine-dispatch.ts";
import { EngineStream } from "./streams/stream-connection.ts";

/** Handlers that record their calls: a plain result for plain operations, a stream for the others. */
function recordingHandlers(calls: unknown[][]): EngineApi {
  return Object.fromEntries(
    Object.entries(operations).map(([name, spec]) => [
      name,
      async (...args: unknown[]) => {
        calls.push([name, ...args]);
        return spec.stream === "none" ? `${name} result` : new EngineStream();
      },
    ]),
  ) as unknown as EngineApi;
}

describe("the engine's surface, derived from the operation table", () => {
  it("has one method per operation, calling its handler with the request and sink", async () => {
    const calls: unknown[][] = [];
    const marked: object[] = [];
    const surface = exposeOperations(recordingHandlers(calls), (value) => (marked.push(value), value));
    expect(Object.keys(surface).sort()).toEqual(Object.keys(operations).sort());
    expect(await surface.containerStart({ id: "web" })).toBe("containerStart result");
    const sink = { write: () => undefined };
    const connection = await surface.containerAttach({ id: "web", stdin: true }, sink);
    expect(calls).toEqual([
      ["containerStart", { id: "web" }],
      ["containerAttach", { id: "web", stdin: true }, sink],
    ]);
    expect(marked).toEqual([connection]);
  });

  it("refuses handlers that leave an operation out", () => {
    const handlers = recordingHandlers([]) as unknown as Record<string, unknown>;
    delete handlers.containerPause;
    expect(() => exposeOperations(handlers as unknown as EngineApi, (value) => value)).toThrow("the engine has no handler for ContainerPause");
  });
});

describe("an engine stream", () => {
  it("ends once with its result, and tells the engine when it closes", async () => {
    const stream = new EngineStream<number>();
    let closed = 0;
    stream.onClose(() => closed++);
    stream.end(7);
    stream.end(8);
    stream.fail(new Error("late"));
    expect(await stream.done()).toBe(7);
    expect(closed).toBe(1);
  });

  it("passes stdin to its input until it ends, and a client's hang-up ends it", async () => {
    const written: string[] = [];
    const stream = new EngineStream({
      write: async (data) => void written.push(new TextDecoder().decode(data)),
      closeWrite: async () => void written.push("<eof>"),
    });
    await stream.write(new TextEncoder().encode("ls\n"));
    await stream.closeWrite();
    await stream.close();
    await stream.write(new TextEncoder().encode("late"));
    expect(written).toEqual(["ls\n", "<eof>"]);
    expect(stream.ended).toBe(true);
  });

  it("carries a failure to the client", async () => {
    const stream = new EngineStream();
    stream.fail(new Error("pull failed"));
    await expect(stream.done()).rejects.toThrow("pull failed");
  });
});

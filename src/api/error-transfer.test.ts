import { describe, expect, it } from "vitest";
import { expose, wrap } from "comlink";
import { MessageChannel } from "node:worker_threads";
import nodeEndpoint from "comlink/dist/esm/node-adapter";
import { EngineError } from "./errors.ts";
import { installEngineErrorTransfer } from "./error-transfer.ts";

installEngineErrorTransfer();

describe("engine errors across comlink", () => {
  const { port1, port2 } = new MessageChannel();
  expose(
    {
      missingImage(): never {
        throw new EngineError("not-found", "No such image: nope:latest");
      },
      crash(): never {
        throw new TypeError("plain failure");
      },
    },
    nodeEndpoint(port1),
  );
  const remote = wrap<{ missingImage(): void; crash(): void }>(nodeEndpoint(port2));

  it("keeps the Docker-style code and message", async () => {
    const error = await remote.missingImage().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: "not-found", message: "No such image: nope:latest", httpStatus: 404 });
  });

  it("still carries other errors by name and message", async () => {
    const error = await remote.crash().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "TypeError", message: "plain failure" });
    expect(error).not.toBeInstanceOf(EngineError);
  });
});

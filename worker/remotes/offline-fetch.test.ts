import { describe, expect, it } from "vitest";
import { isEngineError } from "../../src/api/errors.ts";
import { networkFailure } from "./network-failure.ts";
import { failingOffline, NetworkUnavailableError } from "./offline-fetch.ts";
import { TransientError } from "./retry.ts";

const unreachable: typeof fetch = () => Promise.reject(new TypeError("Failed to fetch"));
const hostOf = (url: URL) => url.pathname.split("/")[2]!.split(":")[0]!;
const url = "http://127.0.0.1:4173/registry/127.0.0.1:5000/v2/";

describe("failingOffline", () => {
  it("names the registry host and the unavailable network when a request fails offline", async () => {
    const error = await failingOffline(unreachable, () => false, hostOf)(url).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(NetworkUnavailableError);
    expect((error as Error).message).toBe("dial tcp: lookup 127.0.0.1: network is unavailable (the browser is offline)");
  });

  it("leaves a failure while online as it is", async () => {
    const error = await failingOffline(unreachable, () => true, hostOf)(url).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(TypeError);
  });

  it("passes answers through", async () => {
    const answer = await failingOffline(async () => new Response("ok"), () => false, hostOf)(url);
    expect(await answer.text()).toBe("ok");
  });
});

describe("networkFailure", () => {
  it("makes the offline failure Docker's message, not worth retrying, and other failures transient", () => {
    const offline = networkFailure(url, new NetworkUnavailableError("dial tcp: lookup 127.0.0.1: network is unavailable"), undefined);
    expect(isEngineError(offline) && offline.code).toBe("unavailable");
    expect(offline).not.toBeInstanceOf(TransientError);
    expect((offline as Error).message).toBe(`Get "${url}": dial tcp: lookup 127.0.0.1: network is unavailable`);
    expect(networkFailure(url, new TypeError("Failed to fetch"), undefined)).toBeInstanceOf(TransientError);
  });
});

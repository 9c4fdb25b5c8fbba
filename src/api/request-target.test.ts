import { describe, expect, it } from "vitest";
import { operations } from "./operations.ts";
import { encodeQuery, requestTarget } from "./request-target.ts";
import { stdioSocketTarget } from "./stdio-socket.ts";

describe("request targets", () => {
  it("fills the path template under the version prefix, percent-encoding parameters", () => {
    expect(requestTarget(operations.containerStart, { id: "web" })).toBe("/v1.50/containers/web/start");
    expect(requestTarget(operations.imageInspect, { name: "registry:5000/library/busybox:1" })).toBe("/v1.50/images/registry%3A5000%2Flibrary%2Fbusybox%3A1/json");
  });

  it("writes query parameters as Docker's client does: booleans 1/0, integers, filters as JSON, absent left out", () => {
    expect(requestTarget(operations.containerList, { all: true, size: false, limit: 3, filters: { name: ["web"] } })).toBe(
      "/v1.50/containers/json?all=1&limit=3&size=0&filters=%7B%22name%22%3A%5B%22web%22%5D%7D",
    );
    expect(encodeQuery(operations.containerList.query, { filters: {} })).toBe("");
    expect(encodeQuery(operations.imageBuild.query, { t: ["a:1", "b"], nocache: true })).toBe("t=a%3A1&t=b&nocache=1");
    expect(encodeQuery(operations.containerLogs.query, { tail: "all", since: "" })).toBe("since=&tail=all");
  });

  it("addresses a stdio operation's WebSocket, with exec start's body fields in the query", () => {
    expect(stdioSocketTarget(operations.containerAttach, { id: "web", stream: true, stdin: false })).toBe("/v1.50/containers/web/attach/ws?stream=1&stdin=0");
    expect(stdioSocketTarget(operations.execStart, { id: "e1", body: { Detach: false, Tty: true } })).toBe("/v1.50/exec/e1/start/ws?Detach=0&Tty=1");
    expect(stdioSocketTarget(operations.execStart, { id: "e1", body: {} })).toBe("/v1.50/exec/e1/start/ws");
  });
});

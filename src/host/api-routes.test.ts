import { describe, expect, it } from "vitest";
import { operations } from "../api/operations.ts";
import { matchRoute, pathKnown } from "./api-routes.ts";
import { decodeFilters, decodeQuery } from "./query-decoding.ts";

describe("routes from the operation table", () => {
  it("matches every Docker operation by its method and path, with and without a version", () => {
    for (const [name, operation] of Object.entries(operations)) {
      if (operation.berthOnly) continue;
      const path = operation.path.replace(/\{\w+\}/g, "some-id");
      expect(matchRoute(operation.method, path)?.name, `${operation.method} ${path}`).toBe(name);
      expect(matchRoute(operation.method, `/v1.41${path}`)?.name).toBe(name);
    }
  });

  it("serves no berth-only operation", () => {
    expect(matchRoute("POST", "/berth/start")).toBeUndefined();
    expect(matchRoute("POST", "/berth/guest/panic")).toBeUndefined();
  });

  it("decodes path parameters, image names with slashes included", () => {
    expect(matchRoute("GET", "/v1.50/images/127.0.0.1%3A5000%2Fteam%2Fapp%3A1/json")?.params).toEqual({ name: "127.0.0.1:5000/team/app:1" });
    expect(matchRoute("GET", "/images/team/app:1/history")?.params).toEqual({ name: "team/app:1" });
    expect(matchRoute("GET", "/containers/json")?.name).toBe("containerList");
    expect(matchRoute("HEAD", "/_ping")?.name).toBe("systemPing");
  });

  it("refuses versions it does not speak, in Docker's words", () => {
    expect(() => matchRoute("GET", "/v1.51/version")).toThrow("client version 1.51 is too new. Maximum supported API version is 1.50");
    expect(() => matchRoute("GET", "/v1.12/version")).toThrow(/client version 1.12 is too old/);
  });

  it("knows a path that exists under another method", () => {
    expect(matchRoute("PATCH", "/containers/x/start")).toBeUndefined();
    expect(pathKnown("/containers/x/start")).toBe(true);
    expect(pathKnown("/nothing/here")).toBe(false);
  });
});

describe("query decoding", () => {
  it("reads Docker's booleans, integers and filters", () => {
    const query = new URLSearchParams("all=1&size=false&limit=3&filters=%7B%22status%22%3A%5B%22exited%22%5D%7D&unknown=x");
    expect(decodeQuery(query, operations.containerList.query)).toEqual({ all: true, size: false, limit: 3, filters: { status: ["exited"] } });
    expect(() => decodeQuery(new URLSearchParams("limit=many"), operations.containerList.query)).toThrow(/not an integer/);
  });

  it("collects a repeated parameter into a list", () => {
    expect(decodeQuery(new URLSearchParams("t=a:1&t=b&nocache=1"), operations.imageBuild.query)).toEqual({ t: ["a:1", "b"], nocache: true });
  });

  it("accepts the legacy filter map and refuses broken filters", () => {
    expect(decodeFilters('{"label":{"a=b":true}}')).toEqual({ label: ["a=b"] });
    expect(() => decodeFilters("{oops")).toThrow("invalid filter: {oops");
    expect(() => decodeFilters('{"label":3}')).toThrow(/invalid filter/);
  });
});

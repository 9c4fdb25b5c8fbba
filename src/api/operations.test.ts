import { existsSync, readFileSync } from "node:fs";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { EngineApi, OutputSink, StreamConnection } from "./engine-api.ts";
import type { ContainerCreateResponse, ContainerStatsResponse } from "./container-types.ts";
import { operations } from "./operations.ts";

// Docker's API reference beside the repository (the team's shared folder), when it is there.
const referencePath = new URL("../../../shared/reference/docker-engine-api-v1.50.yaml", import.meta.url);
const referenceSpec = existsSync(referencePath) ? readFileSync(referencePath, "utf8") : "";

describe("the operation table", () => {
  it("derives each method's request from the path template, the query kinds and the body", () => {
    expectTypeOf<Parameters<EngineApi["containerStart"]>[0]>().toEqualTypeOf<{ id: string } & { readonly detachKeys?: string }>();
    expectTypeOf<Parameters<EngineApi["containerCreate"]>[0]["body"]["Image"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ReturnType<EngineApi["containerCreate"]>>().toEqualTypeOf<Promise<ContainerCreateResponse>>();
    expectTypeOf<Parameters<EngineApi["containerList"]>[0]["filters"]>().toEqualTypeOf<Record<string, string[]> | undefined>();
    expectTypeOf<Parameters<EngineApi["imageCreate"]>[0]["registryAuth"]>().toEqualTypeOf<string | undefined>();
  });

  it("gives streaming operations a sink and a connection", () => {
    expectTypeOf<Parameters<EngineApi["containerAttach"]>[1]>().toEqualTypeOf<OutputSink>();
    expectTypeOf<ReturnType<EngineApi["containerAttach"]>>().toEqualTypeOf<Promise<StreamConnection<void>>>();
    expectTypeOf<Parameters<Parameters<EngineApi["containerStats"]>[1]["report"]>[0]>().toEqualTypeOf<ContainerStatsResponse>();
  });

  it("names each method after its Docker operation id in lower camel case", () => {
    for (const [name, spec] of Object.entries(operations)) {
      expect(name).toBe(spec.operationId.charAt(0).toLowerCase() + spec.operationId.slice(1));
    }
  });

  it.skipIf(!referenceSpec)("uses Docker's method and path for every operation of Docker's API", () => {
    for (const spec of Object.values(operations)) {
      if (spec.berthOnly) continue;
      const pathBlock = new RegExp(`\\n  ${spec.path.replace(/[{}/]/g, "\\$&")}:\\n((?:    .*\\n|\\n)*)`).exec(referenceSpec);
      expect(pathBlock, `${spec.path} in the reference`).not.toBeNull();
      const methodBlock = new RegExp(`\\n    ${spec.method.toLowerCase()}:\\n((?:      .*\\n|\\n)*)`).exec(`\n${pathBlock![1]}`);
      expect(methodBlock?.[1], `${spec.method} ${spec.path}`).toContain(`operationId: "${spec.operationId}"`);
    }
  });

  it.skipIf(!referenceSpec)("declares only query parameters Docker's API has for that operation", () => {
    for (const spec of Object.values(operations)) {
      if (spec.berthOnly) continue;
      const start = referenceSpec.indexOf(`operationId: "${spec.operationId}"`);
      const end = referenceSpec.indexOf("operationId:", start + 1);
      const block = referenceSpec.slice(start, end === -1 ? undefined : end);
      for (const name of Object.keys(spec.query)) expect(block, `${spec.operationId} ?${name}`).toMatch(new RegExp(`name: "${name}"\\s+(type: "\\w+"\\s+)?in: "query"`));
      for (const header of Object.values(spec.headers)) expect(block, `${spec.operationId} ${header}:`).toMatch(new RegExp(`name: "${header}"\\s+in: "header"`));
    }
  });
});

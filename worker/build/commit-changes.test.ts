import { describe, expect, it } from "vitest";
import type { ContainerDefaults } from "../images/oci-types.ts";
import { applyCommitChanges } from "./commit-changes.ts";

describe("docker commit --change", () => {
  it("applies the instructions Docker allows, expanding from the config's ENV", () => {
    const config: ContainerDefaults = { Env: ["PATH=/bin", "APP=/srv/app"], Cmd: ["sh"] };
    applyCommitChanges(config, 'ENV MODE=prod\nWORKDIR $APP\nCMD ["serve", "--port", "80"]\nEXPOSE 80/tcp\nLABEL team=web\nUSER nobody');
    expect(config).toEqual({
      Env: ["PATH=/bin", "APP=/srv/app", "MODE=prod"],
      WorkingDir: "/srv/app",
      Cmd: ["serve", "--port", "80"],
      ExposedPorts: { "80/tcp": {} },
      Labels: { team: "web" },
      User: "nobody",
    });
  });

  it("clears CMD with an ENTRYPOINT unless a CMD came with it, as Docker's dispatcher does", () => {
    const alone: ContainerDefaults = { Cmd: ["sh"] };
    applyCommitChanges(alone, 'ENTRYPOINT ["top"]');
    expect(alone).toEqual({ Entrypoint: ["top"], Cmd: null });
    const both: ContainerDefaults = {};
    applyCommitChanges(both, 'CMD ["-b"]\nENTRYPOINT ["top"]');
    expect(both).toEqual({ Entrypoint: ["top"], Cmd: ["-b"] });
  });

  it("refuses instructions a commit cannot take, and broken ones", () => {
    expect(() => applyCommitChanges({}, "RUN echo hi")).toThrow("RUN is not a valid change command");
    expect(() => applyCommitChanges({}, "COPY a b")).toThrow("COPY is not a valid change command");
    expect(() => applyCommitChanges({}, "BOGUS x")).toThrow(/unknown instruction/i);
  });
});

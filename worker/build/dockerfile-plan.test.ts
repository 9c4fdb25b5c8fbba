import { describe, expect, it } from "vitest";
import { planDockerfile } from "./dockerfile-plan.ts";

const plan = (text: string) => planDockerfile(text, "Dockerfile");

describe("the Dockerfile plan", () => {
  it("splits stages, keeps ARGs before FROM apart, and names stages in lower case", () => {
    const result = plan(["ARG BASE=busybox", "FROM ${BASE} AS Build", "RUN make", "FROM scratch", "COPY --from=build /out /"].join("\n"));
    expect(result.metaArgs.map((arg) => arg.pairs)).toEqual([[{ key: "BASE", value: "busybox" }]]);
    expect(result.stages.map((stage) => [stage.base, stage.name, stage.steps.map((step) => step.kind)])).toEqual([
      ["${BASE}", "build", ["RUN"]],
      ["scratch", undefined, ["COPY"]],
    ]);
    expect(result.stages[1]!.steps[0]).toMatchObject({ kind: "COPY", from: "build", sources: ["/out"], dest: "/", line: 5 });
  });

  it("gives each step Docker's text: continuations joined, comment lines dropped", () => {
    const result = plan(["FROM busybox", "RUN echo a && \\", "  # a comment", "", "    echo b", "env A=1"].join("\n"));
    expect(result.stages[0]!.steps.map((step) => step.original)).toEqual(["RUN echo a &&     echo b", "env A=1"]);
    expect(result.stages[0]!.steps[1]).toMatchObject({ kind: "ENV", line: 6 });
  });

  it("reads shell and exec forms, key=value pairs, the legacy ENV form and ARG defaults", () => {
    const steps = plan(
      [
        "FROM busybox",
        'CMD ["echo", "hi"]',
        "ENTRYPOINT top -b",
        'ENV A=1 B="two words"',
        "ENV LEGACY some value",
        "LABEL version=1.0",
        "ARG X Y=2",
        "RUN [not json",
      ].join("\n"),
    ).stages[0]!.steps;
    expect(steps[0]).toMatchObject({ command: { exec: ["echo", "hi"] } });
    expect(steps[1]).toMatchObject({ command: { shell: "top -b" } });
    expect(steps[2]).toMatchObject({ pairs: [{ key: "A", value: "1" }, { key: "B", value: '"two words"' }] });
    expect(steps[3]).toMatchObject({ pairs: [{ key: "LEGACY", value: "some value" }] });
    expect(steps[5]).toMatchObject({ pairs: [{ key: "X" }, { key: "Y", value: "2" }] });
    expect(steps[6]).toMatchObject({ command: { shell: "[not json" } });
  });

  it("reads here-documents of RUN and COPY", () => {
    const steps = plan(["FROM busybox", "RUN <<EOF", "echo one", "echo two", "EOF", "COPY <<'NOTE' /note.txt", "hello $USER", "NOTE"].join("\n")).stages[0]!.steps;
    expect(steps[0]).toMatchObject({ kind: "RUN", original: "RUN <<EOF", heredocs: [{ name: "EOF", content: "echo one\necho two\n", expand: true }] });
    expect(steps[1]).toMatchObject({ kind: "COPY", sources: ["<<NOTE"], dest: "/note.txt", heredocs: [{ name: "NOTE", content: "hello $USER\n", expand: false }] });
  });

  it("reads HEALTHCHECK options, SHELL, VOLUME, EXPOSE and ONBUILD", () => {
    const steps = plan(
      [
        "FROM busybox",
        "HEALTHCHECK --interval=1m30s --retries=3 CMD wget -q localhost || exit 1",
        'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]',
        'VOLUME ["/data", "/logs"]',
        "EXPOSE 80 53/udp",
        "ONBUILD COPY . /src",
      ].join("\n"),
    ).stages[0]!.steps;
    expect(steps[0]).toMatchObject({ health: { test: ["CMD-SHELL", "wget -q localhost || exit 1"], interval: 90e9, retries: 3, timeout: 0 } });
    expect(steps[1]).toMatchObject({ shell: ["/bin/ash", "-eo", "pipefail", "-c"] });
    expect(steps[2]).toMatchObject({ paths: ["/data", "/logs"] });
    expect(steps[3]).toMatchObject({ ports: ["80", "53/udp"] });
    expect(steps[4]).toMatchObject({ expression: "COPY . /src" });
  });

  it("names the file, the line and the instruction of what it cannot read", () => {
    expect(() => plan("FROM busybox\nRUN true\nFOO bar\n")).toThrow("dockerfile parse error on line 3 of Dockerfile (FOO): unknown instruction: FOO");
    expect(() => plan("FROM busybox\nCOPY onlyone\n")).toThrow(/line 2 of Dockerfile \(COPY\): COPY requires at least two arguments/);
    expect(() => plan("FROM busybox\nENV A=1 B\n")).toThrow(/line 2 of Dockerfile \(ENV\): Syntax error - can't find = in "B"/);
    expect(() => plan("FROM busybox AS\n")).toThrow(/FROM requires either one or three arguments/);
    expect(() => plan("FROM busybox\nSHELL /bin/sh -c\n")).toThrow(/SHELL requires the arguments to be in JSON form/);
    expect(() => plan("FROM busybox\nCOPY --nope=1 a b\n")).toThrow(/Unknown flag: nope/);
    expect(() => plan("FROM busybox\nRUN --mount=type=cache,target=/x true\n")).toThrow(/--mount option requires BuildKit/);
    expect(() => plan("FROM busybox\nHEALTHCHECK --interval=soon CMD true\n")).toThrow(/invalid duration "soon"/);
    expect(() => plan("FROM busybox\nONBUILD ONBUILD RUN x\n")).toThrow(/Chaining ONBUILD/);
    expect(() => plan("RUN true\n")).toThrow(/line 1 of Dockerfile \(RUN\): no build stage in current context/);
    expect(() => plan("# nothing\n")).toThrow("the Dockerfile (Dockerfile) cannot be empty");
  });
});

import { describe, expect, it } from "vitest";
import { goTypedMap, parseGoTemplate } from "./go-template.ts";

const image = {
  Id: "sha256:abc",
  RepoTags: ["debian:latest", "debian:12"],
  Size: 123456,
  Config: { Cmd: ["bash"], Env: ["PATH=/bin", "A=b c"], Labels: { z: "1", a: "<2>" }, Entrypoint: null },
  RootFS: { Type: "layers", Layers: ["sha256:1", "sha256:2"] },
};

const run = (template: string, data: unknown = image) => parseGoTemplate(template).execute(data);

describe("Go templates", () => {
  it.each<[string, string]>([
    ["{{.Id}}", "sha256:abc"],
    ["{{ .Id }}", "sha256:abc"],
    ["id={{.Id}} size={{.Size}}", "id=sha256:abc size=123456"],
    ["{{.Config.Cmd}}", "[bash]"],
    ["{{.Config.Env}}", "[PATH=/bin A=b c]"],
    ["{{.RootFS.Layers}}", "[sha256:1 sha256:2]"],
    ["{{.Config.Labels}}", "map[a:<2> z:1]"],
    ["{{.RootFS}}", "map[Layers:[sha256:1 sha256:2] Type:layers]"],
    ["{{.Config.Entrypoint}}", "<no value>"],
    ["{{json .Config.Labels}}", '{"z":"1","a":"\\u003c2\\u003e"}'],
    ["{{json .Config.Entrypoint}}", "null"],
    ["{{json .RepoTags}}", '["debian:latest","debian:12"]'],
    ["a\n  {{- .Size -}}  \nb", "a123456b"],
    ["no actions", "no actions"],
  ])("%s → %s", (template, output) => {
    expect(run(template)).toBe(output);
  });

  it("prints the data itself for {{.}}", () => {
    expect(run("{{.}}", { b: [1, null], a: true })).toBe("map[a:true b:[1 <nil>]]");
  });

  it.each<[string, string]>([
    ["{{.Id", "template: :1: unclosed action"],
    ["x\n{{}}", "template: :2: missing value for command"],
    ["{{upper .Id}}", "template: :1: berth supports only {{.Field}} and {{json .Field}} actions"],
    ["{{range .RepoTags}}{{.}}{{end}}", "template: :1: berth supports only {{.Field}} and {{json .Field}} actions"],
    ["{{shout .Id}}", 'template: :1: function "shout" not defined'],
  ])("refuses to parse %j: %s", (template, message) => {
    expect(() => parseGoTemplate(template)).toThrow(message);
  });

  it.each<[string, string]>([
    ["{{.Nope}}", 'template: :1:2: executing "" at <.Nope>: map has no entry for key "Nope"'],
    ["x {{json .Config.Nope}}", 'template: :1:9: executing "" at <.Config.Nope>: map has no entry for key "Nope"'],
    ["{{.Id.Short}}", 'template: :1:2: executing "" at <.Id.Short>: can\'t evaluate field Short in type string'],
    ["{{.Config.Entrypoint.First}}", 'template: :1:2: executing "" at <.Config.Entrypoint.First>: nil pointer evaluating interface {}.First'],
    ["{{.constructor}}", 'template: :1:2: executing "" at <.constructor>: map has no entry for key "constructor"'],
  ])("fails to execute %s: %s", (template, message) => {
    expect(() => run(template)).toThrow(message);
  });

  it("prints <no value> for a key a typed map lacks", () => {
    const labels = { [goTypedMap]: true, tier: "db" };
    expect(run("{{.Labels.tier}} {{.Labels.zone}} {{json .Labels.zone}}", { Labels: labels })).toBe("db <no value> null");
  });

  describe("methods", () => {
    const view = { Names: "web", Label: (name: string) => ({ tier: "db" })[name] ?? "" };

    it.each<[string, string]>([
      ['{{.Label "tier"}}', "db"],
      ["{{.Label `tier`}}", "db"],
      ['{{.Label "other"}}|', "|"],
      ['{{ .Label "a \\"b\\"" }}|', "|"],
    ])("calls %s", (template, output) => {
      expect(parseGoTemplate(template).execute(view)).toBe(output);
    });

    it.each<[string, string]>([
      ["{{.Label}}", 'template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0'],
      ['{{.Names "x"}}', 'template: :1:2: executing "" at <.Names>: can\'t give argument to non-function .Names'],
    ])("fails to call %s", (template, message) => {
      expect(() => parseGoTemplate(template).execute(view)).toThrow(message);
    });
  });

  it("prints json's argument as it is when running a table header", () => {
    expect(parseGoTemplate("{{json .Labels}}").execute({ Labels: "LABELS" }, "header")).toBe("LABELS");
  });
});

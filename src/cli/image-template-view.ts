// What a --format template sees of an image. Docker evaluates templates on its Go struct, where a
// field the engine left out (or sent as null) still exists with its zero value: {{.Config.Cmd}}
// prints [] rather than failing. (A nil slice or map shows here as empty, so {{json}} of one
// prints [] or {} where Go prints null.)

import type { ImageInspect } from "../api/types.ts";

const imageZeroValues = {
  Id: "",
  RepoTags: [],
  RepoDigests: [],
  Parent: "",
  Comment: "",
  Created: "",
  DockerVersion: "",
  Author: "",
  Architecture: "",
  Variant: "",
  Os: "",
  OsVersion: "",
  Size: 0,
  Metadata: {},
};

const configZeroValues = {
  User: "",
  ExposedPorts: {},
  Env: [],
  Entrypoint: [],
  Cmd: [],
  Volumes: {},
  WorkingDir: "",
  Labels: {},
  StopSignal: "",
  ArgsEscaped: false,
  OnBuild: [],
  Shell: [],
};

export function imageTemplateView(image: ImageInspect): object {
  return {
    ...withZeroValues(imageZeroValues, image),
    Config: withZeroValues(configZeroValues, image.Config ?? {}),
    GraphDriver: withZeroValues({ Name: "", Data: {} }, image.GraphDriver ?? {}),
    RootFS: withZeroValues({ Type: "", Layers: [] }, image.RootFS ?? {}),
  };
}

/** `actual`, with each of `zero`'s fields that `actual` lacks or has as null set to its zero value. */
function withZeroValues(zero: Record<string, unknown>, actual: object): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...zero, ...actual };
  for (const [field, value] of Object.entries(zero)) merged[field] ??= value;
  return merged;
}

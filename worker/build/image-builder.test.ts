import { beforeEach, describe, expect, it } from "vitest";
import type { BuildInfo } from "../../src/api/types.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import { writeTar, type TarWriterEntry } from "../../src/tar/tar-writer.ts";
import { sha256Digest } from "../digest.ts";
import { PersistedImageStore, type ImageRecord } from "../images/image-store.ts";
import { MemoryRecordStore } from "../metadata/memory-record-store.ts";
import { applyLayers } from "../rootfs/apply-layer.ts";
import type { BuildBackend, RunStepRequest } from "./build-backend.ts";
import { buildImage, type BuildRequest } from "./image-builder.ts";

const encoder = new TextEncoder();
const file = (path: string, text: string): TarWriterEntry => ({ path, type: "file", data: encoder.encode(text) });

/** An engine of fakes: layers kept as tars by diff ID, RUN answered by `run`. */
class FakeEngine {
  readonly images = new PersistedImageStore(new MemoryRecordStore<ImageRecord>());
  readonly tars = new Map<string, Uint8Array>();
  readonly runs: RunStepRequest[] = [];
  readonly pulls: string[] = [];
  run: (request: RunStepRequest) => { exitCode: number; files?: TarWriterEntry[]; output?: string } = () => ({ exitCode: 0 });

  readonly backend: BuildBackend = {
    images: this.images,
    rootfs: async (image) => applyLayers(image.layers.map((layer) => readTar(this.tars.get(layer.diffId)!))),
    commitLayer: async (tar) => {
      const diffId = await sha256Digest(tar);
      this.tars.set(diffId, tar);
      return { digest: diffId, diffId, size: tar.length, unpackedSize: tar.length, mediaType: "application/vnd.oci.image.layer.v1.tar" };
    },
    pull: async (reference, progress) => {
      this.pulls.push(reference);
      progress.report({ status: "Pulling from library/busybox", id: "latest" });
      return this.images.resolve(reference === "missing" ? "busybox" : reference);
    },
    executor: {
      runStep: async (request, output) => {
        this.runs.push(request);
        const result = this.run(request);
        output.started("c0ffee0123456789");
        if (result.output) output.write(1, encoder.encode(result.output));
        return { exitCode: result.exitCode, layer: result.files ? writeTar(result.files) : undefined, containerId: "c0ffee0123456789" };
      },
    },
  };

  async addBase(): Promise<ImageRecord> {
    const layer = await this.backend.commitLayer(writeTar([{ path: "bin/", type: "dir" }, file("bin/sh", "#!"), { path: "etc/", type: "dir" }, file("etc/passwd", "root:x:0:0::/root:/bin/sh\napp:x:100:101::/home/app:/bin/sh\n"), file("etc/group", "root:x:0:\napp:x:101:\n")]));
    return this.images.add({
      id: "sha256:" + "b".repeat(64),
      repoTags: ["docker.io/library/busybox:latest"],
      repoDigests: [],
      created: 0,
      size: layer.size,
      config: {
        architecture: "386",
        os: "linux",
        config: { Env: ["PATH=/bin"], Cmd: ["sh"] },
        rootfs: { type: "layers", diff_ids: [layer.diffId] },
        history: [{ created_by: "/bin/sh -c #(nop) ADD file:abc in / " }],
      },
      layers: [layer],
    });
  }

  async build(files: TarWriterEntry[], request: Partial<BuildRequest> = {}): Promise<{ id: string; messages: BuildInfo[]; text: string }> {
    const messages: BuildInfo[] = [];
    const id = await buildImage(
      this.backend,
      { context: writeTar(files), tags: [], buildArgs: {}, labels: {}, noCache: false, pull: false, quiet: false, ...request },
      { report: (message) => messages.push(message) },
    );
    return { id, messages, text: messages.map((message) => message.stream ?? "").join("") };
  }

  async files(id: string): Promise<Map<string, string>> {
    const tree = await this.backend.rootfs(this.images.get(id)!);
    return new Map([...tree.values()].filter((entry) => entry.type === "file").map((entry) => [entry.path, `${new TextDecoder().decode(entry.data)} ${entry.mode.toString(8)} ${entry.uid}:${entry.gid}`]));
  }
}

const dockerfile = (lines: string[]) => file("Dockerfile", lines.join("\n") + "\n");
const shortId = (id: string) => id.slice(7, 19);

describe("docker build", () => {
  let engine: FakeEngine;
  let base: ImageRecord;
  beforeEach(async () => {
    engine = new FakeEngine();
    base = await engine.addBase();
  });

  const simple = dockerfile(["FROM busybox", "ENV GREETING=hello", 'LABEL org.example.kind="demo app"', "WORKDIR /app", "COPY hello.txt .", 'CMD ["cat", "hello.txt"]']);

  it("streams Docker's classic builder messages and stores each step's image", async () => {
    const { id, messages, text } = await engine.build([simple, file("hello.txt", "hi\n")], { tags: ["demo", "demo:v1"] });
    const image = engine.images.get(id)!;
    const lines = text.split("\n");
    expect(lines.filter((line) => line.startsWith("Step"))).toEqual([
      "Step 1/6 : FROM busybox",
      "Step 2/6 : ENV GREETING=hello",
      'Step 3/6 : LABEL org.example.kind="demo app"',
      "Step 4/6 : WORKDIR /app",
      "Step 5/6 : COPY hello.txt .",
      'Step 6/6 : CMD ["cat", "hello.txt"]',
    ]);
    expect(lines[1]).toBe(` ---> ${shortId(base.id)}`);
    expect(lines.filter((line) => line.startsWith(" ---> "))).toHaveLength(6);
    expect(text.endsWith(`Successfully built ${shortId(id)}\nSuccessfully tagged demo:latest\nSuccessfully tagged demo:v1\n`)).toBe(true);
    expect(messages).toContainEqual({ aux: { ID: id } });
    expect(image.repoTags).toEqual(["docker.io/library/demo:latest", "docker.io/library/demo:v1"]);
    expect(image.config.config).toMatchObject({
      Env: ["PATH=/bin", "GREETING=hello"],
      Labels: { "org.example.kind": "demo app" },
      WorkingDir: "/app",
      Cmd: ["cat", "hello.txt"],
    });
    expect(image.config.history!.map((entry) => [entry.created_by, entry.empty_layer ?? false])).toEqual([
      ["/bin/sh -c #(nop) ADD file:abc in / ", false],
      ["/bin/sh -c #(nop)  ENV GREETING=hello", true],
      ["/bin/sh -c #(nop)  LABEL org.example.kind=demo app", true],
      ["/bin/sh -c #(nop) WORKDIR /app", false],
      [expect.stringMatching(/^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \. $/), false],
      ['/bin/sh -c #(nop)  CMD ["cat" "hello.txt"]', true],
    ]);
    expect(image.config.rootfs.diff_ids).toHaveLength(3);
    expect((await engine.files(id)).get("app/hello.txt")).toBe("hi\n 644 0:0");
  });

  it("reuses every step from the cache, and after a change re-runs only that step and the ones after it", async () => {
    const first = await engine.build([simple, file("hello.txt", "hi\n")]);
    const again = await engine.build([simple, file("hello.txt", "hi\n")]);
    expect(again.id).toBe(first.id);
    expect(again.text.match(/ ---> Using cache/g)).toHaveLength(5);

    const changed = await engine.build([simple, file("hello.txt", "bye\n")]);
    expect(changed.id).not.toBe(first.id);
    expect(changed.text.match(/ ---> Using cache/g)).toHaveLength(3);
    expect(changed.text).toMatch(/Step 4\/6 : WORKDIR \/app\n ---> Using cache\n/);
    expect(changed.text).toMatch(/Step 5\/6 : COPY hello.txt .\n ---> [0-9a-f]{12}\n/);

    const uncached = await engine.build([simple, file("hello.txt", "hi\n")], { noCache: true });
    expect(uncached.text).not.toContain("Using cache");
  });

  it("runs RUN through the executor with the build args it sees, and records them as Docker does", async () => {
    engine.run = () => ({ exitCode: 0, output: "made it\n", files: [{ path: "out/", type: "dir" }, file("out/result", "42")] });
    const lines = ["FROM busybox", "ARG VERSION=1", "ARG UNUSED", "RUN echo $VERSION > /out/result", "RUN [\"true\"]"];
    const { id, text } = await engine.build([dockerfile(lines)], { buildArgs: { VERSION: "2", EXTRA: "x" } });
    expect(engine.runs[0]).toMatchObject({ parentImageId: expect.any(String), command: ["/bin/sh", "-c", "echo $VERSION > /out/result"] });
    expect(engine.runs[0]!.config.Env).toEqual(["PATH=/bin", "VERSION=2"]);
    expect(text).toContain("Step 4/5 : RUN echo $VERSION > /out/result\n ---> Running in c0ffee012345\nmade it\n ---> Removed intermediate container c0ffee012345\n");
    expect(text).toContain("[Warning] One or more build-args [EXTRA] were not consumed\n");
    const history = engine.images.get(id)!.config.history!.map((entry) => entry.created_by);
    expect(history).toContain("|1 VERSION=2 /bin/sh -c echo $VERSION > /out/result");
    expect(history.at(-1)).toBe("|1 VERSION=2 true");
    expect((await engine.files(id)).get("out/result")).toBe("42 644 0:0");

    const other = await engine.build([dockerfile(lines)], { buildArgs: { VERSION: "3" } });
    expect(other.text).toMatch(/Step 4\/5 : RUN echo \$VERSION > \/out\/result\n ---> Running in/);
  });

  it("fails a RUN that exits non-zero with Docker's message and stores nothing for it", async () => {
    engine.run = () => ({ exitCode: 3 });
    const before = engine.images.list().length;
    await expect(engine.build([dockerfile(["FROM busybox", "ENV A=1", "RUN exit 3"])])).rejects.toThrow("The command '/bin/sh -c exit 3' returned a non-zero code: 3");
    expect(engine.images.list()).toHaveLength(before + 1);
  });

  it("runs a RUN whose only argument is a here-document as the shell's script", async () => {
    await engine.build([dockerfile(["FROM busybox", "RUN <<EOF", "echo one", "echo two", "EOF", "RUN cat <<EOT > /x", "text", "EOT"])]);
    expect(engine.runs.map((run) => run.command)).toEqual([
      ["/bin/sh", "-c", "echo one\necho two\n"],
      ["/bin/sh", "-c", "cat <<EOT > /x\ntext\nEOT\n"],
    ]);
  });

  it("builds stages, copies between them with --chown and --chmod, and stops at --target", async () => {
    const lines = [
      "ARG BASE=busybox",
      "FROM ${BASE} AS build",
      "COPY --chown=app:app src/ /src/",
      "FROM scratch AS bare",
      "COPY --from=build --chmod=700 /src/main.c /bin/main",
      "FROM build",
      "COPY --from=0 /etc/group /copied-group",
      "COPY --from=bare /bin/main /main",
    ];
    const context = [dockerfile(lines), file("src/main.c", "int main;")];
    const full = await engine.build(context);
    expect(full.text.match(/^Step \d+\/8 /gm)).toHaveLength(8);
    const files = await engine.files(full.id);
    expect(files.get("src/main.c")).toBe("int main; 644 100:101");
    expect(files.get("main")).toBe("int main; 700 100:101");
    expect(files.get("copied-group")).toMatch(/^root:x:0:/);

    const bare = await engine.build(context, { target: "bare" });
    expect([...(await engine.files(bare.id)).keys()]).toEqual(["bin/main"]);
    expect(bare.text).toContain("Step 4/5 : FROM scratch AS bare\n ---> \n");
    await expect(engine.build(context, { target: "nope" })).rejects.toThrow('target stage "nope" could not be found');
  });

  it("records SHELL, HEALTHCHECK, ONBUILD, EXPOSE, VOLUME, USER, STOPSIGNAL and ENTRYPOINT, and --label", async () => {
    const { id } = await engine.build(
      [
        dockerfile([
          "FROM busybox",
          'SHELL ["/bin/ash", "-c"]',
          "HEALTHCHECK --interval=30s --retries=2 CMD true",
          "ONBUILD RUN echo triggered",
          "EXPOSE 8080 53/udp",
          "VOLUME /data",
          "USER app",
          "STOPSIGNAL SIGINT",
          "ENTRYPOINT exec top",
        ]),
      ],
      { labels: { owner: "me" } },
    );
    const image = engine.images.get(id)!;
    expect(image.config.config).toMatchObject({
      Shell: ["/bin/ash", "-c"],
      Healthcheck: { Test: ["CMD-SHELL", "true"], Interval: 30e9, Retries: 2 },
      OnBuild: ["RUN echo triggered"],
      ExposedPorts: { "8080/tcp": {}, "53/udp": {} },
      Volumes: { "/data": {} },
      User: "app",
      StopSignal: "SIGINT",
      Entrypoint: ["/bin/ash", "-c", "exec top"],
      Cmd: null,
      Labels: { owner: "me" },
    });
    expect(image.config.history!.slice(1).map((entry) => entry.created_by)).toEqual([
      "/bin/ash -c #(nop)  SHELL [/bin/ash -c]",
      "/bin/ash -c #(nop)  HEALTHCHECK &{Test:[CMD-SHELL true] Interval:30s Timeout:0s StartPeriod:0s StartInterval:0s Retries:2}",
      "/bin/ash -c #(nop)  ONBUILD RUN echo triggered",
      "/bin/ash -c #(nop)  EXPOSE 8080 53/udp",
      "/bin/ash -c #(nop)  VOLUME [/data]",
      "/bin/ash -c #(nop)  USER app",
      "/bin/ash -c #(nop)  STOPSIGNAL SIGINT",
      '/bin/ash -c #(nop)  ENTRYPOINT ["/bin/ash" "-c" "exec top"]',
      "/bin/ash -c #(nop)  LABEL owner=me",
    ]);

    await engine.images.tag(id, "with-trigger");
    const child = await engine.build([dockerfile(["FROM with-trigger", "ENV X=1"])]);
    expect(child.text).toContain("# Executing 1 build trigger\n");
    expect(engine.runs.at(-1)!.command).toEqual(["/bin/ash", "-c", "echo triggered"]);
    expect(engine.images.get(child.id)!.config.config!.OnBuild).toBeUndefined();
  });

  it("pulls a base image it does not have, and every base image with --pull", async () => {
    const missing = await engine.build([dockerfile(["FROM missing", "ENV A=1"])]);
    expect(missing.messages).toContainEqual({ status: "Pulling from library/busybox", id: "latest" });
    expect(engine.pulls).toEqual(["missing"]);
    await engine.build([dockerfile(["FROM busybox", "ENV A=1"])], { pull: true });
    expect(engine.pulls).toEqual(["missing", "busybox"]);
  });

  it("stores nothing for a Dockerfile it cannot read, and says where", async () => {
    const before = engine.images.list().length;
    await expect(engine.build([dockerfile(["FROM busybox", "ENV A=1", "BOGUS x"])])).rejects.toThrow("dockerfile parse error on line 3 of Dockerfile (BOGUS): unknown instruction: BOGUS");
    await expect(engine.build([dockerfile(["FROM busybox", "COPY ../outside /"])])).rejects.toThrow("COPY failed: forbidden path outside the build context: ../outside ()");
    expect(engine.images.list()).toHaveLength(before);
  });

  it("stops before the next step once the client hung up", async () => {
    const cancel = new AbortController();
    engine.run = () => {
      cancel.abort();
      return { exitCode: 0 };
    };
    await expect(engine.build([dockerfile(["FROM busybox", "RUN true", "ENV A=1"])], { signal: cancel.signal })).rejects.toThrow("Build cancelled");
  });

  it("prints only the image id when quiet, and what it held back when the build fails", async () => {
    const quiet = await engine.build([simple, file("hello.txt", "hi\n")], { quiet: true });
    expect(quiet.text).toBe(`${quiet.id}\n`);
    const messages: BuildInfo[] = [];
    const failing = buildImage(
      engine.backend,
      { context: writeTar([dockerfile(["FROM busybox", "COPY missing /"])]), tags: [], buildArgs: {}, labels: {}, noCache: false, pull: false, quiet: true },
      { report: (message) => messages.push(message) },
    );
    await expect(failing).rejects.toThrow(/file not found in build context/);
    expect(messages.map((message) => message.stream).join("")).toContain("Step 2/2 : COPY missing /");
  });
});

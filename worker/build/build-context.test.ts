import { describe, expect, it } from "vitest";
import { writeTar, type TarWriterEntry } from "../../src/tar/tar-writer.ts";
import { readBuildContext } from "./build-context.ts";

const encoder = new TextEncoder();
const file = (path: string, text: string): TarWriterEntry => ({ path, type: "file", data: encoder.encode(text) });

async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("the build context", () => {
  const archive = writeTar([
    file("Dockerfile", "FROM busybox\n"),
    file(".dockerignore", "# secrets stay home\n*.log\n!keep.log\nsecret/\nDockerfile\nbuild\n!build/out.txt\n"),
    file("app.txt", "app"),
    file("debug.log", "x"),
    file("keep.log", "kept"),
    file("sub/deep.log", "not top level"),
    file("secret/key", "k"),
    file("build/tmp.o", "o"),
    file("build/out.txt", "out"),
  ]);

  it("reads the Dockerfile and applies .dockerignore with Docker's rules", async () => {
    const context = await readBuildContext(archive);
    expect(context.dockerfile).toBe("FROM busybox\n");
    expect([...context.tree.keys()].sort()).toEqual(["", ".dockerignore", "app.txt", "build", "build/out.txt", "keep.log", "sub", "sub/deep.log"]);
  });

  it("takes a gzip-compressed context and a Dockerfile under another name", async () => {
    const context = await readBuildContext(await gzip(writeTar([file("./docker/Build.df", "FROM scratch\n")])), "docker/Build.df");
    expect(context.dockerfile).toBe("FROM scratch\n");
  });

  it("says when the Dockerfile is missing", async () => {
    await expect(readBuildContext(writeTar([file("a", "")]), "Dockerfile")).rejects.toThrow("Cannot locate specified Dockerfile: Dockerfile");
  });

  it("refuses a context with a path outside itself", async () => {
    await expect(readBuildContext(writeTar([file("Dockerfile", ""), file("../escape", "")]))).rejects.toThrow(/outside itself: \.\.\/escape/);
  });

  it("refuses a context over the size limit, compressed or once uncompressed", async () => {
    const archive = writeTar([file("Dockerfile", "FROM scratch\n"), file("big", "x".repeat(64 * 1024))]);
    await expect(readBuildContext(archive, "Dockerfile", 32 * 1024)).rejects.toThrow(/^the build context is too large: \d+ bytes, over the limit of 32768 bytes/);
    const compressed = await gzip(archive);
    expect(compressed.byteLength).toBeLessThan(32 * 1024);
    await expect(readBuildContext(compressed, "Dockerfile", 32 * 1024)).rejects.toThrow(/^the build context is too large/);
    expect((await readBuildContext(archive, "Dockerfile", archive.byteLength)).dockerfile).toBe("FROM scratch\n");
  });
});

// Demo links against the engine's real workspace handlers on the IndexedDB store (fake-indexeddb):
// a session shared from one workspace comes back in another, without overwriting anything, and a
// refused link changes nothing.

import "fake-indexeddb/auto";
import { deflateRawSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import { workspaceHandlers } from "../../worker/handlers/workspace-handlers.ts";
import { IndexedDbWorkspaceStore } from "../../worker/workspace/indexeddb-workspace-store.ts";
import type { WorkspaceApi } from "../shell/workspace-file-system.ts";
import { makeShareLink, openDemoLink, type LinkTerminal } from "./share-link.ts";
import { shareFileBudget, toBase64Url } from "./share-payload.ts";
import { collectSmallFiles, restoreFiles } from "./workspace-share.ts";

let databaseCount = 0;
const newWorkspace = (): WorkspaceApi => workspaceHandlers(new IndexedDbWorkspaceStore(`share-link-test-${databaseCount++}`));
const text = (value: string) => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** What a link did to the terminal: lines written, history remembered, commands offered. */
class RecordingTerminal implements LinkTerminal {
  lines: string[] = [];
  remembered: string[] = [];
  offered: string[] = [];
  writeLine(line: string): void {
    this.lines.push(line);
  }
  remember(commands: readonly string[]): void {
    this.remembered.push(...commands);
  }
  offer(commands: readonly string[]): void {
    this.offered.push(...commands);
  }
}

async function tree(workspace: WorkspaceApi, directory = "/"): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for (const entry of await workspace.workspaceList({ path: directory })) {
    if (entry.type === "dir") Object.assign(found, await tree(workspace, entry.path));
    else found[entry.path] = decode(await workspace.workspaceRead({ path: entry.path }));
  }
  return found;
}

let source: WorkspaceApi;
let target: WorkspaceApi;
let terminal: RecordingTerminal;

beforeEach(() => {
  source = newWorkspace();
  target = newWorkspace();
  terminal = new RecordingTerminal();
});

describe("collecting the workspace's small files", () => {
  it("takes files from every folder, smallest first within the budget, and names those left out", async () => {
    await source.workspaceMakeDirectory({ path: "/app/src", parents: true });
    await source.workspaceWrite({ path: "/app/Dockerfile", body: text("FROM busybox\n") });
    await source.workspaceWrite({ path: "/app/src/run.sh", body: text("echo hi\n"), mode: 0o755 });
    await source.workspaceWrite({ path: "/big.bin", body: new Uint8Array(40) });
    await source.workspaceWrite({ path: "/medium.txt", body: text("m".repeat(20)) });
    const { files, skipped } = await collectSmallFiles(source, 45);
    expect(files.map((file) => [file.path, file.mode, decode(file.data)])).toEqual([
      ["/app/Dockerfile", 0o644, "FROM busybox\n"],
      ["/app/src/run.sh", 0o755, "echo hi\n"],
      ["/medium.txt", 0o644, "m".repeat(20)],
    ]);
    expect(skipped.map((entry) => entry.path)).toEqual(["/big.bin"]);
  });
});

describe("restoring a link's files", () => {
  it("writes absent files with their folders and mode, and skips one that exists, leaving it as it was", async () => {
    await target.workspaceWrite({ path: "/notes.txt", body: text("mine\n") });
    const result = await restoreFiles(target, [
      { path: "/app/src/run.sh", mode: 0o755, data: text("echo hi\n") },
      { path: "/notes.txt", mode: 0o644, data: text("theirs\n") },
    ]);
    expect(result).toEqual({ restored: ["/app/src/run.sh"], skipped: [{ path: "/notes.txt", reason: "it exists already" }] });
    expect(await tree(target)).toEqual({ "/app/src/run.sh": "echo hi\n", "/notes.txt": "mine\n" });
    expect((await target.workspaceStat({ path: "/app/src/run.sh" })).mode & 0o777).toBe(0o755);
  });

  it("says why a file could not be put back (a file where its folder should be)", async () => {
    await target.workspaceWrite({ path: "/app", body: text("a file\n") });
    const result = await restoreFiles(target, [{ path: "/app/Dockerfile", mode: 0o644, data: text("FROM busybox\n") }]);
    expect(result.restored).toEqual([]);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0].path).toBe("/app/Dockerfile");
    expect(await tree(target)).toEqual({ "/app": "a file\n" });
  });
});

describe("a shared session from one workspace into another", () => {
  it("carries the history and the small files; the big one is left out and said so", async () => {
    await source.workspaceMakeDirectory({ path: "/app", parents: true });
    await source.workspaceWrite({ path: "/app/Dockerfile", body: text("FROM busybox\n") });
    await source.workspaceWrite({ path: "/huge.tar", body: new Uint8Array(shareFileBudget + 1) });
    const history = ["mkdir app", "docker build -t demo app"];
    const link = await makeShareLink("http://127.0.0.1:5173/?test-hooks&run=ls#old", history, source);
    const url = new URL(link.url);
    expect(url.search).toBe("?test-hooks=");
    expect(url.hash).toMatch(/^#share=[A-Za-z0-9_-]+$/);
    expect(link.notes.join("\n")).toContain("/huge.tar (65537 bytes)");

    await openDemoLink(url, target, terminal);
    expect(await tree(target)).toEqual({ "/app/Dockerfile": "FROM busybox\n" });
    expect(terminal.remembered).toEqual(history);
    expect(terminal.offered).toEqual(history);
    expect(terminal.lines.join("\n")).toContain("Restored from the link: 1 file (/app/Dockerfile), 2 commands in the history");
  });

  it("opened where the files exist already, keeps them and says what it skipped", async () => {
    await source.workspaceWrite({ path: "/hello.txt", body: text("from the link\n") });
    const link = await makeShareLink("http://127.0.0.1:5173/", ["cat hello.txt"], source);
    await target.workspaceWrite({ path: "/hello.txt", body: text("my own\n") });
    await openDemoLink(new URL(link.url), target, terminal);
    expect(await tree(target)).toEqual({ "/hello.txt": "my own\n" });
    expect(terminal.lines.join("\n")).toContain("Not restored: /hello.txt: it exists already");
  });

  it("keeps only the latest history that fits a link", async () => {
    const history = Array.from({ length: 40 }, (_, index) => `echo ${index} ${"x".repeat(1000)}`);
    const link = await makeShareLink("http://127.0.0.1:5173/", history, source);
    await openDemoLink(new URL(link.url), target, terminal);
    expect(terminal.remembered).toEqual(history.slice(-32));
    expect(link.notes.join("\n")).toContain("Left out 8 older or very long commands");
  });
});

describe("a link's commands", () => {
  it("are offered for the prompt, not run, and said so", async () => {
    await openDemoLink({ search: "?run=docker+run+--rm+busybox+echo+linked&run=ls", hash: "" }, target, terminal);
    expect(terminal.offered).toEqual(["docker run --rm busybox echo linked", "ls"]);
    expect(terminal.remembered).toEqual([]);
    expect(terminal.lines.join("\n")).toContain("This link put 2 commands on the prompt");
  });
});

describe("a refused link changes nothing", () => {
  const hostile = {
    "bad base64": "#share=not*base64",
    "bad compression": `#share=${toBase64Url(new Uint8Array([0xff, 0xee, 0xdd, 0xcc]))}`,
    "a deflate bomb": `#share=${toBase64Url(deflateRawSync(Buffer.alloc(16 * 1024 * 1024)))}`,
    "a path with ..": `#share=${toBase64Url(deflateRawSync(JSON.stringify({ v: 1, history: ["ls"], files: [{ path: "/../../escape", mode: 420, text: "x" }] })))}`,
  };
  for (const [name, hash] of Object.entries(hostile)) {
    it(`refuses ${name} with a message, and writes, remembers and offers nothing`, async () => {
      await target.workspaceWrite({ path: "/mine", body: text("kept\n") });
      await openDemoLink({ search: "?run=ls", hash }, target, terminal);
      expect(terminal.lines).toHaveLength(1);
      expect(terminal.lines[0]).toMatch(/this link's shared session is refused: .*; nothing was changed\./);
      expect(terminal.remembered).toEqual([]);
      expect(terminal.offered).toEqual([]);
      expect(await tree(target)).toEqual({ "/mine": "kept\n" });
    });
  }
});

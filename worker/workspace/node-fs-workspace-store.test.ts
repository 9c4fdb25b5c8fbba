import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NodeFsWorkspaceStore } from "./node-fs-workspace-store.ts";

let base: string;
let root: string;
let store: NodeFsWorkspaceStore;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "berth-workspace-links-"));
  root = join(base, "workspace");
  mkdirSync(root);
  mkdirSync(join(base, "outside"));
  writeFileSync(join(base, "outside", "secret"), "secret");
  store = new NodeFsWorkspaceStore(root);
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

describe("the workspace on the host's filesystem", () => {
  it("is the host's directory: files written there are the workspace's, and back", async () => {
    writeFileSync(join(root, "from-host"), "hello");
    expect(new TextDecoder().decode(await store.read("/from-host"))).toBe("hello");
    await store.makeDirectory("/app");
    await store.write("/app/Dockerfile", new TextEncoder().encode("FROM busybox\n"));
    expect(readFileSync(join(root, "app", "Dockerfile"), "utf8")).toBe("FROM busybox\n");
  });

  it("does not follow a symlink out of the workspace", async () => {
    symlinkSync(join(base, "outside"), join(root, "escape"));
    symlinkSync(join(base, "outside", "secret"), join(root, "secret-link"));
    symlinkSync("../outside/new", join(root, "dangling"));
    await expect(store.read("/escape/secret")).rejects.toMatchObject({ code: "not-found" });
    await expect(store.read("/secret-link")).rejects.toMatchObject({ code: "not-found" });
    await expect(store.list("/escape")).rejects.toMatchObject({ code: "invalid" });
    await expect(store.write("/escape/planted", new Uint8Array(1))).rejects.toMatchObject({ code: "invalid" });
    await expect(store.write("/dangling", new Uint8Array(1))).rejects.toMatchObject({ code: "not-found" });
    await expect(store.makeDirectory("/escape/dir")).rejects.toMatchObject({ code: "invalid" });
    expect((await store.list("/")).map(({ name, type, linkTarget }) => ({ name, type, linkTarget }))).toEqual([
      { name: "dangling", type: "symlink", linkTarget: "../outside/new" },
      { name: "escape", type: "symlink", linkTarget: join(base, "outside") },
      { name: "secret-link", type: "symlink", linkTarget: join(base, "outside", "secret") },
    ]);
    expect(readFileSync(join(base, "outside", "secret"), "utf8")).toBe("secret");
  });

  it("follows a symlink that stays inside", async () => {
    await store.makeDirectory("/real");
    await store.write("/real/file", new TextEncoder().encode("inside"));
    symlinkSync("real", join(root, "alias"));
    expect((await store.stat("/alias")).type).toBe("dir");
    expect(new TextDecoder().decode(await store.read("/alias/file"))).toBe("inside");
  });
});

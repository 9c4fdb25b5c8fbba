// The conformance suite every WorkspaceStore backend passes (worker/workspace/workspace-store.ts).

import type { WorkspaceEntry } from "../../src/api/workspace-types.ts";
import { readTar } from "../../src/tar/tar-reader.ts";
import type { WorkspaceStore } from "../../worker/workspace/workspace-store.ts";
import { assert, assertDeepEqual, assertEqual, assertRejectsWithCode } from "./assert.ts";
import type { ConformanceCase } from "./conformance.ts";

const text = (value: string) => new TextEncoder().encode(value);
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const names = (entries: WorkspaceEntry[]) => entries.map((entry) => entry.name);

/** A tree to work on: /app/Dockerfile, /app/src/main.c, /app/src/lib/util.h, /notes.txt. */
async function sampleTree(store: WorkspaceStore): Promise<void> {
  await store.makeDirectory("/app/src/lib", { parents: true });
  await store.write("/app/Dockerfile", text("FROM busybox\n"));
  await store.write("/app/src/main.c", text("int main(void) { return 0; }\n"), { mode: 0o600 });
  await store.write("/app/src/lib/util.h", text("#define X 1\n"));
  await store.write("/notes.txt", text("notes\n"));
}

/** Every path below `path`, depth first, in name order. */
async function tree(store: WorkspaceStore, path = "/"): Promise<string[]> {
  const paths: string[] = [];
  for (const entry of await store.list(path)) {
    paths.push(entry.type === "dir" ? `${entry.path}/` : entry.path);
    if (entry.type === "dir") paths.push(...(await tree(store, entry.path)));
  }
  return paths;
}

export function workspaceStoreCases(): ConformanceCase<WorkspaceStore>[] {
  return [
    {
      name: "starts as an empty root directory",
      async run(open) {
        const store = await open();
        const root = await store.stat("/");
        assertEqual(root.type, "dir", "root type");
        assertEqual(root.path, "/", "root path");
        assertDeepEqual(await store.list("/"), [], "root listing");
      },
    },
    {
      name: "writes a file and reads back its exact bytes, size, mode and mtime",
      async run(open) {
        const store = await open();
        const bytes = Uint8Array.from({ length: 256 * 3 }, (_, index) => index % 256);
        const written = await store.write("/data.bin", bytes, { mtime: 1_700_000_000_000 });
        assertDeepEqual(await store.read("/data.bin"), bytes, "content");
        const entry = await store.stat("/data.bin");
        assertDeepEqual(entry, { path: "/data.bin", name: "data.bin", type: "file", size: 768, mode: 0o644, mtime: 1_700_000_000_000 }, "entry");
        assertDeepEqual(written, entry, "what write returned");
        await store.write("/empty", new Uint8Array(0));
        assertEqual((await store.read("/empty")).length, 0, "empty file length");
        assert(Math.abs((await store.stat("/empty")).mtime - Date.now()) < 60_000, "a new file's mtime is now");
      },
    },
    {
      name: "holds a file of several megabytes",
      async run(open) {
        const store = await open();
        const bytes = new Uint8Array(3 * 1024 * 1024 + 5);
        for (let index = 0; index < bytes.length; index += 997) bytes[index] = (index / 997) % 251;
        await store.write("/big", bytes);
        assertDeepEqual(await store.read("/big"), bytes, "content");
      },
    },
    {
      name: "replaces or appends to a file; a replaced file keeps its mode",
      async run(open) {
        const store = await open();
        await store.write("/script", text("echo one\n"), { mode: 0o755 });
        await store.write("/script", text("echo two\n"), { mode: 0o600 });
        assertEqual(decode(await store.read("/script")), "echo two\n", "replaced");
        assertEqual((await store.stat("/script")).mode, 0o755, "mode kept");
        await store.write("/script", text("echo three\n"), { append: true });
        assertEqual(decode(await store.read("/script")), "echo two\necho three\n", "appended");
        await store.write("/new", text("first\n"), { append: true });
        assertEqual(decode(await store.read("/new")), "first\n", "append creates");
        assertEqual((await store.stat("/new")).size, 6, "size");
      },
    },
    {
      name: "writes only into an existing directory, never over one",
      async run(open) {
        const store = await open();
        await store.write("/file", text("x"));
        await store.makeDirectory("/dir");
        const missing = await assertRejectsWithCode(store.write("/missing/a", text("x")), "not-found");
        assertEqual(missing.message, "open /missing/a: no such file or directory", "message");
        const underFile = await assertRejectsWithCode(store.write("/file/a", text("x")), "invalid");
        assertEqual(underFile.message, "open /file/a: not a directory", "message");
        const overDirectory = await assertRejectsWithCode(store.write("/dir", text("x")), "invalid");
        assertEqual(overDirectory.message, "open /dir: is a directory", "message");
        await assertRejectsWithCode(store.write("/", text("x")), "invalid");
        assertDeepEqual(await tree(store), ["/dir/", "/file"], "tree");
      },
    },
    {
      name: "makes directories, with parents only when asked",
      async run(open) {
        const store = await open();
        const made = await store.makeDirectory("/app");
        assertEqual(made.type, "dir", "type");
        assertEqual(made.mode, 0o755, "mode");
        assertEqual((await assertRejectsWithCode(store.makeDirectory("/app"), "conflict")).message, "mkdir /app: file exists", "again");
        await assertRejectsWithCode(store.makeDirectory("/a/b/c"), "not-found");
        assertDeepEqual(await tree(store), ["/app/"], "nothing made by the failure");
        await store.makeDirectory("/a/b/c", { parents: true });
        await store.makeDirectory("/a/b", { parents: true });
        await store.makeDirectory("/", { parents: true });
        await store.write("/a/file", text("x"));
        await assertRejectsWithCode(store.makeDirectory("/a/file/d", { parents: true }), "invalid");
        await assertRejectsWithCode(store.makeDirectory("/a/file"), "conflict");
        assertDeepEqual(await tree(store), ["/a/", "/a/b/", "/a/b/c/", "/a/file", "/app/"], "tree");
      },
    },
    {
      name: "lists a directory's own entries in name order",
      async run(open) {
        const store = await open();
        await sampleTree(store);
        for (const name of ["b", "a", "c.txt", "B"]) await store.write(`/app/src/${name}`, text(name));
        assertDeepEqual(names(await store.list("/app/src")), ["B", "a", "b", "c.txt", "lib", "main.c"], "names");
        const entries = await store.list("/app");
        assertDeepEqual(
          entries.map(({ path, type, size, mode }) => ({ path, type, size, mode })),
          [
            { path: "/app/Dockerfile", type: "file", size: 13, mode: 0o644 },
            { path: "/app/src", type: "dir", size: 0, mode: 0o755 },
          ],
          "entries",
        );
        assertEqual((await assertRejectsWithCode(store.list("/notes.txt"), "invalid")).message, "open /notes.txt: not a directory", "a file");
        await assertRejectsWithCode(store.list("/nowhere"), "not-found");
        await assertRejectsWithCode(store.read("/app"), "invalid");
        await assertRejectsWithCode(store.read("/app/nothing"), "not-found");
        await assertRejectsWithCode(store.stat("/app/nothing"), "not-found");
      },
    },
    {
      name: "normalizes paths and never leaves the root",
      async run(open) {
        const store = await open();
        await store.makeDirectory("/../../a/./b/..", { parents: true });
        await store.write("a/../a//file", text("x"));
        assertDeepEqual(await tree(store), ["/a/", "/a/file"], "tree");
        assertEqual((await store.stat("/a/b/../../../a/file/")).path, "/a/file", "stat path");
        assertEqual(decode(await store.read("../../../../a/file")), "x", "read");
        assertEqual((await store.stat("/..")).path, "/", "root");
        await assertRejectsWithCode(store.stat(""), "invalid");
        await assertRejectsWithCode(store.write("/a/nul\0byte", text("x")), "invalid");
      },
    },
    {
      name: "removes a file, an empty directory, or with recursive a whole subtree",
      async run(open) {
        const store = await open();
        await sampleTree(store);
        await store.makeDirectory("/empty");
        await store.write("/app-2", text("neighbour"));
        await store.remove("/notes.txt");
        await store.remove("/empty");
        const notEmpty = await assertRejectsWithCode(store.remove("/app"), "conflict");
        assertEqual(notEmpty.message, "remove /app: directory not empty", "message");
        assertDeepEqual(await tree(store, "/app"), ["/app/Dockerfile", "/app/src/", "/app/src/lib/", "/app/src/lib/util.h", "/app/src/main.c"], "kept");
        await store.remove("/app", { recursive: true });
        assertDeepEqual(await tree(store), ["/app-2"], "after");
        await assertRejectsWithCode(store.remove("/app"), "not-found");
        await assertRejectsWithCode(store.remove("/"), "invalid");
        await assertRejectsWithCode(store.remove("/", { recursive: true }), "invalid");
      },
    },
    {
      name: "moves a file, replacing a file but never a directory",
      async run(open) {
        const store = await open();
        await sampleTree(store);
        const before = await store.stat("/notes.txt");
        const moved = await store.move("/notes.txt", "/app/README");
        assertDeepEqual(moved, { ...before, path: "/app/README", name: "README" }, "moved entry");
        await assertRejectsWithCode(store.stat("/notes.txt"), "not-found");
        await store.move("/app/README", "/app/Dockerfile");
        assertEqual(decode(await store.read("/app/Dockerfile")), "notes\n", "replaced");
        await assertRejectsWithCode(store.move("/app/Dockerfile", "/app/src"), "conflict");
        await assertRejectsWithCode(store.move("/app/Dockerfile", "/nowhere/x"), "not-found");
        await assertRejectsWithCode(store.move("/nowhere", "/x"), "not-found");
        await assertRejectsWithCode(store.move("/app/Dockerfile", "/"), "invalid");
        assertDeepEqual(await store.move("/app/Dockerfile", "/app/./Dockerfile"), await store.stat("/app/Dockerfile"), "onto itself");
        assertDeepEqual(await tree(store), ["/app/", "/app/Dockerfile", "/app/src/", "/app/src/lib/", "/app/src/lib/util.h", "/app/src/main.c"], "tree");
      },
    },
    {
      name: "moves a directory with all it holds, never into itself",
      async run(open) {
        const store = await open();
        await sampleTree(store);
        const header = await store.stat("/app/src/lib/util.h");
        await store.move("/app/src", "/code");
        assertDeepEqual(await tree(store), ["/app/", "/app/Dockerfile", "/code/", "/code/lib/", "/code/lib/util.h", "/code/main.c", "/notes.txt"], "tree");
        assertDeepEqual(await store.stat("/code/lib/util.h"), { ...header, path: "/code/lib/util.h" }, "entry kept");
        assertEqual(decode(await store.read("/code/main.c")), "int main(void) { return 0; }\n", "content");
        assertEqual((await store.stat("/code/main.c")).mode, 0o600, "mode");
        await assertRejectsWithCode(store.move("/code", "/code/lib/inner"), "invalid");
        await assertRejectsWithCode(store.move("/code", "/notes.txt"), "conflict");
        await assertRejectsWithCode(store.move("/code", "/app"), "conflict");
        assertDeepEqual(await tree(store, "/code"), ["/code/lib/", "/code/lib/util.h", "/code/main.c"], "unchanged by the failures");
      },
    },
    {
      name: "copies a file, or with recursive a directory; the source stays",
      async run(open) {
        const store = await open();
        await sampleTree(store);
        await store.copy("/app/src/main.c", "/main.c");
        assertEqual((await store.stat("/main.c")).mode, 0o600, "mode kept");
        await store.write("/main.c", text("changed"));
        assertEqual(decode(await store.read("/app/src/main.c")), "int main(void) { return 0; }\n", "source unchanged");
        await store.copy("/notes.txt", "/main.c");
        assertEqual(decode(await store.read("/main.c")), "notes\n", "file replaced");
        await assertRejectsWithCode(store.copy("/app", "/app-copy"), "invalid");
        await store.copy("/app", "/app-copy", { recursive: true });
        assertDeepEqual(await tree(store, "/app-copy"), await tree(store, "/app").then((paths) => paths.map((path) => path.replace("/app/", "/app-copy/"))), "copied tree");
        assertEqual(decode(await store.read("/app-copy/src/lib/util.h")), "#define X 1\n", "content");
        await assertRejectsWithCode(store.copy("/app", "/app/src/again", { recursive: true }), "invalid");
        await assertRejectsWithCode(store.copy("/app", "/app-copy", { recursive: true }), "conflict");
        await assertRejectsWithCode(store.copy("/notes.txt", "/app"), "conflict");
        await assertRejectsWithCode(store.copy("/notes.txt", "/notes.txt"), "invalid");
        await assertRejectsWithCode(store.copy("/nothing", "/x"), "not-found");
        await assertRejectsWithCode(store.copy("/notes.txt", "/nowhere/x"), "not-found");
        assertDeepEqual(names(await store.list("/")), ["app", "app-copy", "main.c", "notes.txt"], "root");
      },
    },
    {
      name: "keeps names that share a prefix apart",
      async run(open) {
        const store = await open();
        for (const name of ["a", "a!", "a-b", "a.b", "ab"]) {
          await store.makeDirectory(`/${name}`);
          await store.write(`/${name}/f`, text(name));
        }
        await store.makeDirectory("/a/sub");
        await store.write("/a/sub/deep", text("deep"));
        assertDeepEqual(names(await store.list("/a")), ["f", "sub"], "listing");
        await store.move("/a", "/z");
        assertDeepEqual(await tree(store), ["/a!/", "/a!/f", "/a-b/", "/a-b/f", "/a.b/", "/a.b/f", "/ab/", "/ab/f", "/z/", "/z/f", "/z/sub/", "/z/sub/deep"], "after move");
        await store.remove("/z", { recursive: true });
        await store.remove("/a!", { recursive: true });
        assertDeepEqual(await tree(store), ["/a-b/", "/a-b/f", "/a.b/", "/a.b/f", "/ab/", "/ab/f"], "after remove");
      },
    },
    {
      name: "keeps the tree across a reload",
      async run(open) {
        await sampleTree(await open());
        const store = await open();
        assertDeepEqual(await tree(store), ["/app/", "/app/Dockerfile", "/app/src/", "/app/src/lib/", "/app/src/lib/util.h", "/app/src/main.c", "/notes.txt"], "tree");
        assertEqual(decode(await store.read("/app/Dockerfile")), "FROM busybox\n", "content");
        assertEqual((await store.stat("/app/src/main.c")).mode, 0o600, "mode");
      },
    },
    {
      name: "archives a directory as a build context: relative paths, parents first, modes and mtimes",
      async run(open) {
        const store = await open();
        await sampleTree(store);
        await store.write("/app/src/main.c", text("int main;\n"), { mtime: 1_600_000_000_000 });
        const entries = [...readTar(await store.archive("/app"))];
        assertDeepEqual(
          entries.map(({ path, type, mode }) => ({ path, type, mode })),
          [
            { path: "Dockerfile", type: "file", mode: 0o644 },
            { path: "src", type: "dir", mode: 0o755 },
            { path: "src/lib", type: "dir", mode: 0o755 },
            { path: "src/lib/util.h", type: "file", mode: 0o644 },
            { path: "src/main.c", type: "file", mode: 0o600 },
          ],
          "entries",
        );
        const main = entries.find((entry) => entry.path === "src/main.c")!;
        assertEqual(decode(main.data), "int main;\n", "content");
        assertEqual(main.mtime, 1_600_000_000, "mtime in seconds");
        assertDeepEqual([...readTar(await store.archive("/app/src/lib/.."))].map((entry) => entry.path), ["lib", "lib/util.h", "main.c"], "a subdirectory");
        assertEqual([...readTar(await store.archive("/"))].length, 7, "the root");
        await assertRejectsWithCode(store.archive("/notes.txt"), "invalid");
        await assertRejectsWithCode(store.archive("/nothing"), "not-found");
        const tooLarge = await assertRejectsWithCode(store.archive("/app", { maxBytes: 20 }), "invalid");
        assert(tooLarge.message.includes("more than 20 bytes"), `message: ${tooLarge.message}`);
      },
    },
  ];
}

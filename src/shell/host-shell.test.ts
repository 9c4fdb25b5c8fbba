// The host shell against the engine's real workspace handlers on the IndexedDB store (fake-indexeddb).

import "fake-indexeddb/auto";
import { beforeEach, describe, expect, it } from "vitest";
import type { CommandContext } from "../cli/context.ts";
import { prepareBuildContext } from "../cli/build-context.ts";
import { runDockerArguments } from "../cli/docker.ts";
import { readTar } from "../tar/tar-reader.ts";
import { workspaceHandlers } from "../../worker/handlers/workspace-handlers.ts";
import { IndexedDbWorkspaceStore } from "../../worker/workspace/indexeddb-workspace-store.ts";
import { HostShell, type DockerRunner } from "./host-shell.ts";
import { downloadCommand, editCommand } from "./page-commands.ts";
import type { WorkspaceApi } from "./workspace-file-system.ts";

let databaseCount = 0;
let workspace: WorkspaceApi;
let shell: HostShell;
let dockerCalls: { args: string[]; stdin?: string; stdoutRedirected?: boolean }[];
let downloads: { name: string; text: string }[];
let edits: { path: string; text?: string }[];

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Runs `text` at the prompt; returns the exit code and what it wrote (stdout and stderr apart). */
async function run(text: string, columns = 80): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = { stdout: "", stderr: "" };
  const sink = (stream: "stdout" | "stderr") => ({
    write: (data: string | Uint8Array) => void (output[stream] += typeof data === "string" ? data : decode(data)),
  });
  const code = await shell.run(text, { stdout: sink("stdout"), stderr: sink("stderr"), columns });
  return { code, ...output };
}

/** A docker runner for the redirection tests: the real CLI for `--help`, and a record of what each call got. */
const docker: DockerRunner = async (args, overrides) => {
  dockerCalls.push({ args, stdin: overrides.stdin && decode(overrides.stdin), stdoutRedirected: overrides.stdoutRedirected });
  if (args[0] === "--help") {
    const ctx = { ...overrides, stderr: overrides.stdout } as CommandContext;
    return runDockerArguments(args, ctx);
  }
  if (args[0] === "context-tar") {
    overrides.stdout.write(await overrides.hostFs!.archive(args[1]!));
    return 0;
  }
  return 0;
};

beforeEach(() => {
  workspace = workspaceHandlers(new IndexedDbWorkspaceStore(`shell-test-${databaseCount++}`));
  dockerCalls = [];
  downloads = [];
  edits = [];
  shell = new HostShell(workspace, docker, {
    download: downloadCommand((name, data) => downloads.push({ name, text: decode(data) })),
    edit: editCommand(async (path, content) => {
      edits.push({ path, text: content && decode(content) });
      await workspace.workspaceWrite({ path, body: new TextEncoder().encode("edited\n") });
    }),
  });
});

describe("the host shell", () => {
  it("makes directories, moves between them and shows where it is", async () => {
    expect(await run("pwd")).toEqual({ code: 0, stdout: "/\n", stderr: "" });
    expect(await run("mkdir -p app/src")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(await run("cd app/src")).toMatchObject({ code: 0 });
    expect((await run("pwd")).stdout).toBe("/app/src\n");
    expect(shell.fs.cwd).toBe("/app/src");
    await run("cd ../../..");
    expect((await run("pwd")).stdout).toBe("/\n");
    await run("cd /app");
    await run("cd");
    expect(shell.fs.cwd).toBe("/");
    await run("cd ~/app/src");
    expect(shell.fs.cwd).toBe("/app/src");
    expect(await run("cd /nowhere")).toEqual({ code: 1, stdout: "", stderr: "cd: can't cd to /nowhere: No such file or directory\n" });
    await run("touch f");
    expect((await run("cd f")).stderr).toBe("cd: can't cd to f: Not a directory\n");
    expect(shell.fs.cwd).toBe("/app/src");
    expect(await run("mkdir /app")).toEqual({ code: 1, stdout: "", stderr: "mkdir: can't create directory '/app': File exists\n" });
    expect((await run("mkdir /a/b")).stderr).toBe("mkdir: can't create directory '/a/b': No such file or directory\n");
  });

  it("writes a Dockerfile from a quoted heredoc, byte for byte", async () => {
    const heredoc = "cat > Dockerfile <<'EOF'\nFROM busybox\nRUN echo \"$HOME\" \\\n && echo done\nEOF";
    expect(await run(heredoc)).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(decode(await workspace.workspaceRead({ path: "/Dockerfile" }))).toBe('FROM busybox\nRUN echo "$HOME" \\\n && echo done\n');
    expect((await run("cat Dockerfile")).stdout).toBe('FROM busybox\nRUN echo "$HOME" \\\n && echo done\n');
    expect((await run("cat <<-END\n\tindented\n\tEND")).stdout).toBe("indented\n");
  });

  it("redirects echo into a file, replacing with > and appending with >>", async () => {
    await run("echo hello world > greeting");
    await run("echo -n again >> greeting");
    expect((await run("cat greeting")).stdout).toBe("hello world\nagain");
    await run("echo replaced > greeting");
    expect((await run("cat < greeting")).stdout).toBe("replaced\n");
    await run("> empty");
    expect((await workspace.workspaceStat({ path: "/empty" })).size).toBe(0);
    expect(await run("echo x > /missing/file")).toEqual({ code: 1, stdout: "", stderr: "berth: can't create /missing/file: nonexistent directory\n" });
    await run("mkdir dir");
    expect((await run("echo x > dir")).stderr).toBe("berth: can't create dir: Is a directory\n");
    expect(await run("cat < nothing")).toEqual({ code: 1, stdout: "", stderr: "berth: can't open 'nothing': No such file or directory\n" });
    expect((await run("echo >")).stderr).toBe("berth: syntax error near unexpected token `newline'\n");
  });

  it("lists entries in columns, one a line into a file, hidden ones with -a, details with -l", async () => {
    await run("mkdir src");
    await run("echo 'FROM busybox' > Dockerfile");
    await run("touch .dockerignore zeta");
    expect((await run("ls")).stdout).toBe("Dockerfile  \x1b[1;34msrc\x1b[0m         zeta\n");
    expect((await run("ls", 24)).stdout).toBe("Dockerfile  zeta\n\x1b[1;34msrc\x1b[0m\n");
    await run("ls -a > listing");
    expect((await run("cat listing")).stdout).toBe(".\n..\n.dockerignore\nDockerfile\nlisting\nsrc\nzeta\n");
    const long = (await run("ls -l /")).stdout.split("\n");
    expect(long[1]).toMatch(/^-rw-r--r-- {4}1 root {5}root {12}13 \w{3} [ \d]\d \d\d:\d\d Dockerfile$/);
    expect(long).toContainEqual(expect.stringMatching(/^drwxr-xr-x {4}2 root {5}root {13}0 .* src$/));
    expect((await run("ls Dockerfile src")).stdout).toBe("Dockerfile\n\nsrc:\n");
    expect(await run("ls nothing")).toEqual({ code: 1, stdout: "", stderr: "ls: nothing: No such file or directory\n" });
    expect((await run("ls -z")).stderr).toBe("ls: unrecognized option: z\n");
  });

  it("copies and moves files and directories, into a directory when the target is one", async () => {
    await run("mkdir -p app/src backup");
    await run("echo 'int main;' > app/src/main.c");
    await run("cp app/src/main.c app/main.c");
    expect((await run("cp app backup")).stderr).toBe("cp: omitting directory 'app'\n");
    expect(await run("cp -r app backup")).toMatchObject({ code: 0, stderr: "" });
    expect((await run("cat backup/app/src/main.c")).stdout).toBe("int main;\n");
    await run("mv app/main.c app/program.c");
    await run("mv app/program.c backup");
    expect((await run("ls backup")).stdout).toContain("program.c");
    expect((await run("ls app")).stdout).toBe("\x1b[1;34msrc\x1b[0m\n");
    expect((await run("cp nothing x")).stderr).toBe("cp: can't stat 'nothing': No such file or directory\n");
    expect((await run("mv nothing x")).stderr).toBe("mv: can't rename 'nothing': No such file or directory\n");
    expect((await run("cp a b c")).stderr).toBe("cp: 'c' is not a directory\n");
    expect((await run("mv backup backup/app")).stderr).toBe("mv: can't rename 'backup': Cannot move a directory into itself\n");
  });

  it("removes files, and directories only with -r", async () => {
    await run("mkdir -p app/src");
    await run("touch app/src/a app/b");
    expect(await run("rm app")).toEqual({ code: 1, stdout: "", stderr: "rm: 'app' is a directory\n" });
    expect(await run("rm app/b")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await run("rm app/b")).stderr).toBe("rm: can't remove 'app/b': No such file or directory\n");
    expect(await run("rm -f app/b")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(await run("rm -rf app")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await run("ls")).stdout).toBe("");
  });

  it("says when a command is not there, and reports an open quote", async () => {
    expect(await run("frobnicate x")).toEqual({ code: 127, stdout: "", stderr: "berth: frobnicate: command not found\n" });
    expect(await run("constructor")).toMatchObject({ code: 127 });
    expect(await run("")).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("gives docker the heredoc or file as stdin and the workspace, and writes its stdout to a file", async () => {
    await run("docker build -t x - <<'EOF'\nFROM busybox\nEOF");
    expect(dockerCalls.at(-1)).toEqual({ args: ["build", "-t", "x", "-"], stdin: "FROM busybox\n", stdoutRedirected: false });
    await run("echo archive > image.tar");
    await run("docker load < image.tar");
    expect(dockerCalls.at(-1)).toMatchObject({ args: ["load"], stdin: "archive\n" });
    await run("docker --help > help.txt");
    expect(dockerCalls.at(-1)?.stdoutRedirected).toBe(true);
    expect((await run("cat help.txt")).stdout).toContain("Usage:  docker [OPTIONS] COMMAND");
    await run("mkdir -p ctx/src");
    await run("echo FROM > ctx/Dockerfile");
    await run("docker context-tar ctx > ctx.tar");
    const entries = [...readTar(await workspace.workspaceRead({ path: "/ctx.tar" }))].map((entry) => entry.path);
    expect(entries).toEqual(["Dockerfile", "src"]);
  });

  it("downloads a workspace file and edits one", async () => {
    await run("mkdir app");
    await run("echo notes > app/notes.txt");
    await run("cd app");
    expect(await run("download notes.txt")).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(downloads).toEqual([{ name: "notes.txt", text: "notes\n" }]);
    expect((await run("download /app")).stderr).toBe("download: '/app' is a directory\n");
    expect((await run("download gone")).stderr).toBe("download: can't open 'gone': No such file or directory\n");
    await run("edit notes.txt");
    await run("edit new.txt");
    expect(edits).toEqual([{ path: "/app/notes.txt", text: "notes\n" }, { path: "/app/new.txt", text: undefined }]);
    expect((await run("cat new.txt")).stdout).toBe("edited\n");
    expect((await run("edit /nowhere/x")).stderr).toBe("edit: can't create '/nowhere/x': No such file or directory\n");
  });

  it("hands docker build a context from the workspace, from the shell's directory", async () => {
    await run("mkdir -p app/docker");
    await run("cat > app/docker/Dockerfile <<'EOF'\nFROM busybox\nCOPY . /src\nEOF");
    await run("echo hello > app/hello.txt");
    await run("cd app");
    const prepared = await prepareBuildContext(".", "docker/Dockerfile", { fs: shell.fs });
    expect(prepared.dockerfile).toBe("docker/Dockerfile");
    expect([...readTar(prepared.archive)].map((entry) => entry.path)).toEqual(["docker", "docker/Dockerfile", "hello.txt"]);
    await expect(prepareBuildContext("hello.txt", undefined, { fs: shell.fs })).rejects.toThrow("context must be a directory: /app/hello.txt");
    await expect(prepareBuildContext("nowhere", undefined, { fs: shell.fs })).rejects.toThrow('path "nowhere" not found');
    await run("mkdir empty");
    await expect(prepareBuildContext("empty", undefined, { fs: shell.fs })).rejects.toThrow(
      "unable to evaluate symlinks in Dockerfile path: lstat /app/empty/Dockerfile: no such file or directory",
    );

    // A Dockerfile outside the context, or on stdin beside a directory, joins the archive under a name of its own.
    const outside = await prepareBuildContext("docker", "hello.txt", { fs: shell.fs });
    expect(outside.dockerfile).toMatch(/^\.dockerfile\.[0-9a-f]{20}$/);
    const outsideEntries = [...readTar(outside.archive)];
    expect(outsideEntries.map((entry) => entry.path)).toEqual(["Dockerfile", outside.dockerfile]);
    expect(decode(outsideEntries[1]!.data)).toBe("hello\n");
    const fromStdin = await prepareBuildContext(".", "-", { fs: shell.fs, stdin: new TextEncoder().encode("FROM scratch\n") });
    expect(decode([...readTar(fromStdin.archive)].find((entry) => entry.path === fromStdin.dockerfile)!.data)).toBe("FROM scratch\n");

    // `-`: stdin is a Dockerfile alone, or a whole context archive.
    const dockerfileOnly = await prepareBuildContext("-", undefined, { stdin: new TextEncoder().encode("FROM busybox\n") });
    expect([...readTar(dockerfileOnly.archive)].map((entry) => [entry.path, decode(entry.data)])).toEqual([["Dockerfile", "FROM busybox\n"]]);
    expect(await prepareBuildContext("-", "docker/Dockerfile", { stdin: prepared.archive })).toEqual({ archive: prepared.archive, dockerfile: "docker/Dockerfile" });
    await expect(prepareBuildContext("-", undefined, {})).rejects.toThrow("unable to prepare context: nothing on stdin");
    await expect(prepareBuildContext("-", "-", { stdin: prepared.archive })).rejects.toThrow("can't use stdin for both build context and dockerfile");
  });
});

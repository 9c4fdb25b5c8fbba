// The host shell's file commands over the workspace, worded as busybox words them: ls, cd, pwd, cat,
// mkdir, rm, cp, mv, echo, touch. Each resolves to its exit code.

import { baseName, joinPath, parentPath } from "../api/workspace-paths.ts";
import type { WorkspaceEntry } from "../api/workspace-types.ts";
import type { TextSink } from "../cli/context.ts";
import { failureReason, parseOptions, type ParsedOptions } from "./command-options.ts";
import { columns, longLine } from "./long-listing.ts";
import { homeDirectory, type WorkspaceFileSystem } from "./workspace-file-system.ts";

export interface FileCommandIo {
  fs: WorkspaceFileSystem;
  /** Redirected input (a heredoc or `< file`); absent when stdin is the terminal. */
  stdin?: Uint8Array;
  stdout: TextSink;
  stderr: TextSink;
  /** The terminal's width; absent when stdout goes to a file (`ls` then writes one name a line). */
  columns?: number;
}

export type FileCommand = (args: string[], io: FileCommandIo) => Promise<number>;

/** The options, or a message and exit code 1 for an unknown one. */
function options(name: string, args: string[], allowed: string, io: FileCommandIo): Extract<ParsedOptions, { flags: Set<string> }> | undefined {
  const parsed = parseOptions(args, allowed);
  if ("flags" in parsed) return parsed;
  io.stderr.write(`${name}: unrecognized option: ${parsed.unknown}\n`);
  return undefined;
}

function fail(io: FileCommandIo, message: string): number {
  io.stderr.write(`${message}\n`);
  return 1;
}

const ls: FileCommand = async (args, io) => {
  const parsed = options("ls", args, "la1", io);
  if (!parsed) return 1;
  const long = parsed.flags.has("l");
  const all = parsed.flags.has("a");
  const operands = parsed.operands.length > 0 ? parsed.operands : ["."];
  let status = 0;
  const files: { entry: WorkspaceEntry; name: string }[] = [];
  const directories: { entry: WorkspaceEntry; name: string }[] = [];
  for (const operand of operands) {
    const entry = await io.fs.stat(operand);
    if (!entry) status = fail(io, `ls: ${operand}: No such file or directory`);
    else (entry.type === "dir" ? directories : files).push({ entry, name: operand });
  }
  const show = (items: { entry: WorkspaceEntry; name: string }[]) => {
    if (long) io.stdout.write(items.map((item) => `${longLine(item.entry, item.name)}\n`).join(""));
    else if (io.columns === undefined || parsed.flags.has("1")) io.stdout.write(items.map((item) => `${item.name}\n`).join(""));
    else io.stdout.write(columns(items.map((item) => ({ name: item.name, directory: item.entry.type === "dir" })), io.columns));
  };
  show(files);
  for (const [index, directory] of directories.entries()) {
    if (operands.length > 1) io.stdout.write(`${index > 0 || files.length > 0 ? "\n" : ""}${directory.name}:\n`);
    const children = (await io.fs.list(directory.entry.path)).filter((entry) => all || !entry.name.startsWith("."));
    const dots = all ? [{ entry: directory.entry, name: "." }, { entry: (await io.fs.stat(parentPath(directory.entry.path)))!, name: ".." }] : [];
    if (long) io.stdout.write(`total ${Math.ceil(children.reduce((sum, entry) => sum + entry.size, 0) / 1024)}\n`);
    show([...dots, ...children.map((entry) => ({ entry, name: entry.name }))]);
  }
  return status;
};

const cd: FileCommand = async (args, io) => {
  const target = args[0] ?? homeDirectory;
  try {
    await io.fs.changeDirectory(target);
    return 0;
  } catch (error) {
    return fail(io, `cd: can't cd to ${target}: ${failureReason(error)}`);
  }
};

const pwd: FileCommand = async (_args, io) => {
  io.stdout.write(`${io.fs.cwd}\n`);
  return 0;
};

const cat: FileCommand = async (args, io) => {
  const parsed = options("cat", args, "", io);
  if (!parsed) return 1;
  let status = 0;
  for (const operand of parsed.operands.length > 0 ? parsed.operands : ["-"]) {
    if (operand === "-") {
      if (io.stdin) io.stdout.write(io.stdin);
      continue;
    }
    const entry = await io.fs.stat(operand);
    if (!entry) status = fail(io, `cat: can't open '${operand}': No such file or directory`);
    else if (entry.type === "dir") status = fail(io, `cat: read error: Is a directory`);
    else io.stdout.write(await io.fs.read(operand));
  }
  return status;
};

const mkdir: FileCommand = async (args, io) => {
  const parsed = options("mkdir", args, "p", io);
  if (!parsed) return 1;
  if (parsed.operands.length === 0) return fail(io, "mkdir: missing operand");
  let status = 0;
  for (const operand of parsed.operands) {
    await io.fs.makeDirectory(operand, parsed.flags.has("p")).catch((error: unknown) => {
      status = fail(io, `mkdir: can't create directory '${operand}': ${failureReason(error)}`);
    });
  }
  return status;
};

const rm: FileCommand = async (args, io) => {
  const parsed = options("rm", args, "rRf", io);
  if (!parsed) return 1;
  const recursive = parsed.flags.has("r") || parsed.flags.has("R");
  const force = parsed.flags.has("f");
  if (parsed.operands.length === 0 && !force) return fail(io, "rm: missing operand");
  let status = 0;
  for (const operand of parsed.operands) {
    const entry = await io.fs.stat(operand);
    if (!entry) {
      if (!force) status = fail(io, `rm: can't remove '${operand}': No such file or directory`);
    } else if (entry.type === "dir" && !recursive) {
      status = fail(io, `rm: '${operand}' is a directory`);
    } else {
      await io.fs.remove(operand, recursive).catch((error: unknown) => {
        status = fail(io, `rm: can't remove '${operand}': ${failureReason(error)}`);
      });
    }
  }
  return status;
};

/** Where each source of `cp` or `mv` goes: into the last operand when it is a directory, else onto it. */
async function transferTargets(name: string, operands: string[], io: FileCommandIo): Promise<{ source: string; target: string }[] | undefined> {
  if (operands.length < 2) {
    fail(io, operands.length === 0 ? `${name}: missing file operand` : `${name}: missing destination file operand after '${operands[0]}'`);
    return undefined;
  }
  const destination = operands.at(-1)!;
  const sources = operands.slice(0, -1);
  const into = (await io.fs.stat(destination))?.type === "dir";
  if (!into && sources.length > 1) {
    fail(io, `${name}: '${destination}' is not a directory`);
    return undefined;
  }
  return sources.map((source) => ({ source, target: into ? joinPath(io.fs.resolve(destination), baseName(io.fs.resolve(source))) : destination }));
}

const cp: FileCommand = async (args, io) => {
  const parsed = options("cp", args, "rRaf", io);
  if (!parsed) return 1;
  const recursive = parsed.flags.has("r") || parsed.flags.has("R") || parsed.flags.has("a");
  const transfers = await transferTargets("cp", parsed.operands, io);
  if (!transfers) return 1;
  let status = 0;
  for (const { source, target } of transfers) {
    const entry = await io.fs.stat(source);
    if (!entry) status = fail(io, `cp: can't stat '${source}': No such file or directory`);
    else if (entry.type === "dir" && !recursive) status = fail(io, `cp: omitting directory '${source}'`);
    else
      await io.fs.copy(source, target, recursive).catch((error: unknown) => {
        status = fail(io, `cp: can't create '${target}': ${failureReason(error)}`);
      });
  }
  return status;
};

const mv: FileCommand = async (args, io) => {
  const parsed = options("mv", args, "f", io);
  if (!parsed) return 1;
  const transfers = await transferTargets("mv", parsed.operands, io);
  if (!transfers) return 1;
  let status = 0;
  for (const { source, target } of transfers) {
    await io.fs.move(source, target).catch((error: unknown) => {
      status = fail(io, `mv: can't rename '${source}': ${failureReason(error)}`);
    });
  }
  return status;
};

const echo: FileCommand = async (args, io) => {
  const noNewline = args[0] === "-n";
  io.stdout.write(`${(noNewline ? args.slice(1) : args).join(" ")}${noNewline ? "" : "\n"}`);
  return 0;
};

const touch: FileCommand = async (args, io) => {
  const parsed = options("touch", args, "c", io);
  if (!parsed) return 1;
  if (parsed.operands.length === 0) return fail(io, "touch: missing file operand");
  let status = 0;
  for (const operand of parsed.operands) {
    const entry = await io.fs.stat(operand);
    if (entry?.type === "dir" || (!entry && parsed.flags.has("c"))) continue;
    const data = entry ? await io.fs.read(operand) : new Uint8Array(0);
    await io.fs.write(operand, data, { mtime: Date.now() }).catch((error: unknown) => {
      status = fail(io, `touch: ${operand}: ${failureReason(error)}`);
    });
  }
  return status;
};

export const fileCommands: Record<string, FileCommand> = { ls, cd, pwd, cat, mkdir, rm, cp, mv, echo, touch };

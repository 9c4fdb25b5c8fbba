// The host shell's commands that reach out of the terminal: `download FILE…` hands workspace files
// to the browser's downloads, `edit FILE` opens the editor panel and returns when it is closed.

import { baseName, parentPath } from "../api/workspace-paths.ts";
import type { FileCommand } from "./file-commands.ts";

export function downloadCommand(save: (name: string, data: Uint8Array) => void): FileCommand {
  return async (args, io) => {
    if (args.length === 0) return fail(io.stderr, "download: missing file operand");
    let status = 0;
    for (const operand of args) {
      const entry = await io.fs.stat(operand);
      if (!entry) status = fail(io.stderr, `download: can't open '${operand}': No such file or directory`);
      else if (entry.type === "dir") status = fail(io.stderr, `download: '${operand}' is a directory`);
      else save(baseName(entry.path), await io.fs.read(operand));
    }
    return status;
  };
}

/** `open` shows the file (absent: a new one) at the absolute path, and resolves once the panel is closed. */
export function editCommand(open: (path: string, content: Uint8Array | undefined) => Promise<void>): FileCommand {
  return async (args, io) => {
    if (args.length !== 1) return fail(io.stderr, "usage: edit FILE");
    const [operand] = args;
    const path = io.fs.resolve(operand);
    const entry = await io.fs.stat(path);
    if (entry?.type === "dir") return fail(io.stderr, `edit: '${operand}' is a directory`);
    if (!entry && (await io.fs.stat(parentPath(path)))?.type !== "dir") {
      return fail(io.stderr, `edit: can't create '${operand}': No such file or directory`);
    }
    await open(path, entry ? await io.fs.read(path) : undefined);
    return 0;
  };
}

function fail(stderr: { write(text: string): void }, message: string): number {
  stderr.write(`${message}\n`);
  return 1;
}

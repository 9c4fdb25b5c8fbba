// The archive `docker load` and `docker import` read from the host: a file of the host's (the
// workspace in the page) named with -i or as the argument, what the command line redirected to
// stdin (`< FILE`), or else, as `docker cp -` asks for what to copy in, an upload the user picks or
// drops onto the terminal.

import { isEngineError } from "../api/errors.ts";
import type { CommandContext } from "./context.ts";

/** The archive's bytes, or undefined (after saying why) when there is none. */
export async function readHostArchive(ctx: CommandContext, named: string | undefined, failurePrefix: string): Promise<Uint8Array | undefined> {
  if (named !== undefined && named !== "-" && ctx.hostFs) {
    try {
      return await ctx.hostFs.read(ctx.hostFs.resolve(named));
    } catch (error) {
      if (!isEngineError(error)) throw error;
      ctx.stderr.write(`${failurePrefix}${error.message}\n`);
      return undefined;
    }
  }
  if ((named === undefined || named === "-") && ctx.stdin !== undefined) return ctx.stdin;
  return (await chooseUpload(ctx, named, failurePrefix))?.data;
}

async function chooseUpload(ctx: CommandContext, named: string | undefined, failurePrefix: string) {
  if (!ctx.files) {
    ctx.stderr.write(`${failurePrefix}${named ? `cannot read ${named}: ` : ""}this host has no files\n`);
    return undefined;
  }
  ctx.stderr.write(`Drop ${named && named !== "-" ? named : "the archive"} onto the terminal, or choose it with the button or Enter (Ctrl-C cancels)…\n`);
  const files = await ctx.files.choose();
  if (!files || files.length === 0) {
    ctx.stderr.write(`${failurePrefix}no file chosen\n`);
    return undefined;
  }
  if (files.length > 1) {
    ctx.stderr.write(`${failurePrefix}choose one archive, not ${files.length} files\n`);
    return undefined;
  }
  return files[0];
}

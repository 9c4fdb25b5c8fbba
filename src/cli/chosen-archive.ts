// The archive `docker load` and `docker import` read from the host. In the page the host's files are
// the user's uploads: the file named with -i (or `-`, stdin) is asked for with the picker or a drop
// onto the terminal, as `docker cp -` asks for what to copy in.

import type { CommandContext, HostFile } from "./context.ts";

/** The one file the user picks or drops, or undefined (after saying why) when there is none. */
export async function chooseArchive(ctx: CommandContext, named: string | undefined, failurePrefix: string): Promise<HostFile | undefined> {
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

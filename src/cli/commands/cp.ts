// docker cp between a container and the host. In the page the host side is the browser: copying
// out offers a download (the file itself, or a tar of a directory; "-" writes the tar to stdout),
// and copying in packs the files the user picks or drops into a tar for the container.

import type { ContainerPathStat } from "../../api/container-types.ts";
import { readTar } from "../../tar/tar-reader.ts";
import { writeTar } from "../../tar/tar-writer.ts";
import { cpSpec, type CommandSpec } from "../command-specs.ts";
import type { CommandContext, HostFile, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { humanSizeWithPrecision } from "../human-size.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

interface ContainerPath {
  container: string;
  path: string;
}

/** Go's os.ModeDir bit in a path stat's mode. */
const goModeDir = 2 ** 31;

async function dockerCp(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const quiet = parsed.flags.bool("quiet");
  const [source, destination] = parsed.args.map(splitContainerPath);
  if (typeof source !== "string" && typeof destination !== "string") return usageError(ctx, "copying between containers is not supported");
  if (typeof source === "string" && typeof destination === "string") return usageError(ctx, "must specify at least one container source");
  try {
    const report = typeof source !== "string" ? await copyOut(source, destination as string, ctx) : await copyIn(source, destination as ContainerPath, ctx);
    if (report === undefined) return 1;
    if (!quiet && report) ctx.stderr.write(`Successfully copied ${humanSizeWithPrecision(report.bytes, 4)} to ${report.to}\n`);
    return 0;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}

/** "name:/path" names a path in a container; a local path with a colon must start with "./" or "/". */
function splitContainerPath(argument: string): ContainerPath | string {
  if (argument.startsWith("/") || argument.startsWith(".")) return argument;
  const colon = argument.indexOf(":");
  if (colon <= 0) return argument;
  return { container: argument.slice(0, colon), path: argument.slice(colon + 1) };
}

function usageError(ctx: CommandContext, message: string): number {
  ctx.stderr.write(`${message}\n`);
  return 1;
}

async function copyOut(source: ContainerPath, destination: string, ctx: CommandContext): Promise<{ bytes: number; to: string } | null | undefined> {
  const { stat, archive } = await ctx.engine.containerArchive({ id: source.container, path: source.path });
  if (destination === "-") {
    ctx.stdout.write(archive);
    return null;
  }
  if (!ctx.files) return failure(ctx, `cannot write ${destination}: this host has no files`);
  const name = localName(destination, stat.name);
  const file = plainFile(stat, archive);
  if (file) {
    ctx.files.save(name, file);
    return { bytes: file.length, to: destination };
  }
  ctx.files.save(`${name}.tar`, archive);
  return { bytes: archive.length, to: `${destination} (as ${name}.tar)` };
}

/** The file's own bytes when the path is a regular file; a directory or a link stays a tar. */
function plainFile(stat: ContainerPathStat, archive: Uint8Array): Uint8Array | undefined {
  if (stat.mode >= goModeDir || stat.linkTarget) return undefined;
  const [entry] = readTar(archive);
  return entry?.type === "file" ? entry.data : undefined;
}

/** The download's name: the destination's last component, or the source's name for "." and "dir/". */
function localName(destination: string, sourceName: string): string {
  const last = destination.replace(/\/+$/, "").split("/").pop() ?? "";
  return last === "" || last === "." || last === ".." || destination.endsWith("/") ? sourceName : last;
}

async function copyIn(source: string, destination: ContainerPath, ctx: CommandContext): Promise<{ bytes: number; to: string } | undefined> {
  if (!ctx.files) return failure(ctx, `cannot read ${source}: this host has no files`);
  ctx.stderr.write("Drop files onto the terminal, or choose them with the button or Enter (Ctrl-C cancels)…\n");
  const files = await ctx.files.choose();
  if (!files || files.length === 0) return failure(ctx, "no files chosen: nothing copied");
  const target = await targetOf(destination, files, source, ctx);
  const archive = writeTar(
    target.files.map((file) => ({ path: file.name, type: "file" as const, mode: 0o644, mtime: Math.floor(file.lastModified / 1000), data: file.data })),
  );
  await ctx.engine.putContainerArchive({ id: destination.container, path: target.directory, body: archive });
  return { bytes: target.files.reduce((sum, file) => sum + file.data.length, 0), to: `${destination.container}:${destination.path}` };
}

/**
 * Where the files go: into the destination when it is a directory; one file to a destination that
 * is not there yet takes that name in its parent directory, as `docker cp` does.
 */
async function targetOf(destination: ContainerPath, files: HostFile[], source: string, ctx: CommandContext): Promise<{ directory: string; files: HostFile[] }> {
  const stat = await ctx.engine.containerArchiveInfo({ id: destination.container, path: destination.path }).catch(() => undefined);
  if (stat && stat.mode >= goModeDir) return { directory: destination.path, files };
  if (files.length > 1) throw new Error(`Error: destination ${destination.container}:${destination.path} must be a directory to copy several files`);
  const slash = destination.path.replace(/\/+$/, "").lastIndexOf("/");
  const name = destination.path.slice(slash + 1) || (source === "-" ? files[0].name : source.split("/").pop() || files[0].name);
  return { directory: destination.path.slice(0, slash + 1) || "/", files: [{ ...files[0], name }] };
}

function failure(ctx: CommandContext, message: string): undefined {
  ctx.stderr.write(`${message}\n`);
  return undefined;
}

export const cpVerb: Verb = { spec: cpSpec, run: dockerCp };

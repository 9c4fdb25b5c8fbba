// What `docker build` sends: the context as a tar and the Dockerfile's name in it, prepared on the
// client as Docker's CLI does. PATH is a directory of the host's files (the workspace in the
// page); `-` reads stdin, which is either a whole context archive or a Dockerfile alone; `-f FILE`
// names a Dockerfile relative to the working directory, added to the context when it lies outside.

import { MAX_BUILD_CONTEXT_BYTES } from "../api/build-limits.ts";
import { isEngineError } from "../api/errors.ts";
import { compressionOf } from "../tar/compression.ts";
import { readTar } from "../tar/tar-reader.ts";
import { writeTar } from "../tar/tar-writer.ts";
import type { HostFileSystem } from "./context.ts";

export interface PreparedContext {
  /** The context archive (tar, possibly compressed) for the engine. */
  archive: Uint8Array;
  /** The Dockerfile's path inside the archive. */
  dockerfile: string;
}

/** A reason the context cannot be prepared, worded as Docker's CLI words it. */
export class ContextError extends Error {}

const DEFAULT_DOCKERFILE = "Dockerfile";

export async function prepareBuildContext(
  path: string,
  dockerfileFlag: string | undefined,
  host: { fs?: HostFileSystem; stdin?: Uint8Array },
): Promise<PreparedContext> {
  if (path === "-") {
    if (dockerfileFlag === "-") throw new ContextError("invalid argument: can't use stdin for both build context and dockerfile");
    const input = requireStdin(host.stdin);
    if (isArchive(input)) return { archive: input, dockerfile: dockerfileFlag ?? DEFAULT_DOCKERFILE };
    return { archive: writeTar([{ path: DEFAULT_DOCKERFILE, type: "file", data: input, mode: 0o644 }]), dockerfile: DEFAULT_DOCKERFILE };
  }
  const fs = host.fs;
  if (!fs) throw new ContextError("unable to prepare context: this host has no files");
  const directory = fs.resolve(path);
  const stat = await fs.stat(directory);
  if (!stat) throw new ContextError(`unable to prepare context: path "${path}" not found`);
  if (stat.type !== "dir") throw new ContextError(`unable to prepare context: context must be a directory: ${directory}`);
  const archive = await fs.archive(directory, { maxBytes: MAX_BUILD_CONTEXT_BYTES }).catch((error: unknown) => {
    if (isEngineError(error) && error.code === "invalid") throw new ContextError(`unable to prepare context: ${error.message}`);
    throw error;
  });

  if (dockerfileFlag === "-") return withExtraDockerfile(archive, requireStdin(host.stdin));
  const dockerfilePath = fs.resolve(dockerfileFlag ?? `${directory}/${DEFAULT_DOCKERFILE}`);
  const dockerfileStat = await fs.stat(dockerfilePath);
  if (!dockerfileStat) {
    throw new ContextError(`unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat ${dockerfilePath}: no such file or directory`);
  }
  const inside = relativeInside(directory, dockerfilePath);
  if (inside !== undefined) return { archive, dockerfile: inside };
  return withExtraDockerfile(archive, await fs.read(dockerfilePath));
}

function requireStdin(stdin: Uint8Array | undefined): Uint8Array {
  if (stdin === undefined) throw new ContextError("unable to prepare context: nothing on stdin (redirect a file with < FILE, or use a here-document: <<'EOF')");
  return stdin;
}

/** The archive with a Dockerfile from elsewhere added under a name no context file has, as Docker's CLI adds it. */
function withExtraDockerfile(archive: Uint8Array, dockerfile: Uint8Array): PreparedContext {
  if (isCompressed(archive)) throw new ContextError("unable to prepare context: a compressed context cannot take a Dockerfile from elsewhere");
  const name = `.dockerfile.${randomHex(20)}`;
  return { archive: writeTar([...readTar(archive), { path: name, type: "file", data: dockerfile, mode: 0o644 }]), dockerfile: name };
}

function relativeInside(directory: string, path: string): string | undefined {
  const prefix = directory.endsWith("/") ? directory : `${directory}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : undefined;
}

/** A tar (ustar magic at 257) or a compressed stream Docker's daemon accepts as a context. */
function isArchive(bytes: Uint8Array): boolean {
  const magic = new TextDecoder().decode(bytes.subarray(257, 262));
  return magic === "ustar" || isCompressed(bytes);
}

function isCompressed(bytes: Uint8Array): boolean {
  return compressionOf(bytes) !== "none";
}

function randomHex(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(length / 2)));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("").slice(0, length);
}

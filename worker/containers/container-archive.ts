// `docker cp` on the engine side: ContainerArchive (a tar of a path in the container),
// ContainerArchiveInfo (its stat) and PutContainerArchive (extract a tar into a directory). The
// guest agent runs a helper inside the container's root (created, running or stopped), so paths
// and symlinks resolve as the container sees them. The same kind of helper reads the container's
// writable layer as it is in the guest (`upper`), for diff, commit and build.

import type { ContainerArchive, ContainerPathStat } from "../../src/api/container-types.ts";
import { EngineError } from "../../src/api/errors.ts";
import { concatBytes } from "../concat-bytes.ts";
import type { AgentClient, AgentExit, AgentPathStat } from "../vm/agent-client.ts";
import type { ContainerService } from "./container-service.ts";
import { randomId } from "./random-id.ts";

interface CopyProcess {
  stdout: Uint8Array[];
  stderr: Uint8Array[];
  exited: Promise<number>;
  markExited(code: number): void;
}

/** Copy helpers' stdio handles are numbered apart from the inits' and execs'. */
const firstCopyHandle = 0x6000_0000;

export class ContainerArchives {
  readonly #running = new Map<string, CopyProcess>();
  #nextHandle = firstCopyHandle;

  constructor(private readonly containers: ContainerService) {}

  /** Routes the agent's EXIT of a copy helper; false if the event is not one. */
  onExit(event: AgentExit): boolean {
    const copy = this.#running.get(copyKey(event.containerId, event.processId));
    copy?.markExited(event.exitCode);
    return copy !== undefined;
  }

  async stat(idOrName: string, path: string): Promise<ContainerPathStat> {
    const { stat, done } = await this.#copyOut(idOrName, path);
    void done.catch(() => undefined);
    return stat;
  }

  async read(idOrName: string, path: string): Promise<ContainerArchive> {
    const { stat, done } = await this.#copyOut(idOrName, path);
    return { stat, archive: await done };
  }

  async write(idOrName: string, path: string, archive: Uint8Array): Promise<void> {
    const record = this.containers.index.resolve(idOrName);
    if (record.hostConfig.ReadonlyRootfs) throw new EngineError("forbidden", "container rootfs is marked read-only");
    const { session } = await this.containers.ensureBundle(record);
    const { handle, processId, copy, detach } = this.#track(record.id, session.agent);
    try {
      await session.agent.copyIn({ id: record.id, processId, handle, path: absolute(path) }).catch((error: unknown) => {
        throw notFoundOr(error, `Could not find the file ${path} in container ${idOrName}`);
      });
      await session.agent.writeStdin(handle, archive);
      await session.agent.closeStdin(handle);
      const code = await copy.exited;
      if (code !== 0) throw new EngineError("system", `extracting the archive into ${path} failed: ${text(copy.stderr) || `exit status ${code}`}`);
    } finally {
      detach();
    }
  }

  /** The container's upper directory as a tar (overlayfs whiteouts as they are) and its opaque directories. */
  async upper(idOrName: string): Promise<{ tar: Uint8Array; opaqueDirectories: string[] }> {
    const record = this.containers.index.resolve(idOrName);
    const { session } = await this.containers.ensureBundle(record);
    const { handle, processId, copy, detach } = this.#track(record.id, session.agent);
    try {
      const opaqueDirectories = await session.agent.diff({ id: record.id, processId, handle });
      const code = await copy.exited;
      if (code !== 0) throw new EngineError("system", `reading the container's changes failed: ${text(copy.stderr) || `exit status ${code}`}`);
      return { tar: concatBytes(copy.stdout), opaqueDirectories };
    } finally {
      detach();
    }
  }

  async #copyOut(idOrName: string, path: string): Promise<{ stat: ContainerPathStat; done: Promise<Uint8Array> }> {
    const record = this.containers.index.resolve(idOrName);
    const { session } = await this.containers.ensureBundle(record);
    const { handle, processId, copy, detach } = this.#track(record.id, session.agent);
    let agentStat: AgentPathStat;
    try {
      agentStat = await session.agent.copyOut({ id: record.id, processId, handle, path: absolute(path) });
    } catch (error) {
      detach();
      throw notFoundOr(error, `Could not find the file ${path} in container ${idOrName}`);
    }
    const done = copy.exited.then((code) => {
      detach();
      if (code !== 0) throw new EngineError("system", `reading ${path} from the container failed: ${text(copy.stderr) || `exit status ${code}`}`);
      return concatBytes(copy.stdout);
    });
    return { stat: toPathStat(agentStat), done };
  }

  #track(containerId: string, agent: AgentClient) {
    const processId = `copy-${randomId().slice(0, 16)}`;
    const handle = this.#nextHandle++;
    let markExited!: (code: number) => void;
    const copy: CopyProcess = { stdout: [], stderr: [], exited: new Promise((resolve) => (markExited = resolve)), markExited: (code) => markExited(code) };
    const key = copyKey(containerId, processId);
    this.#running.set(key, copy);
    const detachOutput = agent.attachOutput(handle, {
      data: (stream, bytes) => (stream === 1 ? copy.stdout : copy.stderr).push(bytes),
      eof: () => undefined,
    });
    const detach = () => {
      detachOutput();
      this.#running.delete(key);
    };
    return { handle, processId, copy, detach };
  }
}

function copyKey(containerId: string, processId: string): string {
  return `${containerId}/${processId}`;
}

function absolute(path: string): string {
  return path.startsWith("/") ? path : `/${path}`;
}

function notFoundOr(error: unknown, notFoundMessage: string): EngineError {
  const message = error instanceof Error ? error.message : String(error);
  if (/no such file or directory|not a directory/i.test(message)) return new EngineError("not-found", notFoundMessage);
  return new EngineError("system", message);
}

function text(chunks: Uint8Array[]): string {
  return new TextDecoder().decode(concatBytes(chunks)).trim();
}

/** Go's os.FileMode bits by Linux file type (S_IFMT), as Docker's path stat carries them. */
const goTypeBits: Record<number, number> = {
  0o040000: 2 ** 31, // ModeDir
  0o120000: 2 ** 27, // ModeSymlink
  0o060000: 2 ** 26, // ModeDevice
  0o020000: 2 ** 26 + 2 ** 21, // ModeDevice | ModeCharDevice
  0o010000: 2 ** 25, // ModeNamedPipe
  0o140000: 2 ** 24, // ModeSocket
};

/** Go's os.FileMode from a Linux st_mode (added, not OR-ed: the bits pass 2^31). */
export function goFileMode(stMode: number): number {
  const special = (stMode & 0o4000 ? 2 ** 23 : 0) + (stMode & 0o2000 ? 2 ** 22 : 0) + (stMode & 0o1000 ? 2 ** 20 : 0);
  return (stMode & 0o777) + (goTypeBits[stMode & 0o170000] ?? 0) + special;
}

function toPathStat(stat: AgentPathStat): ContainerPathStat {
  return { name: stat.name, size: stat.size, mode: goFileMode(stat.mode), mtime: new Date(stat.mtime * 1000).toISOString(), linkTarget: stat.linkTarget };
}

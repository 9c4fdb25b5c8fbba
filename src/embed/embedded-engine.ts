// The engine frame's one engine: the app's engine worker, started on the first request, and the
// app's host shell and docker CLI for every command line, so an example's flags, output and exit
// codes are the terminal's. Each command runs in a workspace directory of its own choosing. The
// CLI here reaches this engine only: a docker context or -H naming another daemon fails.

import { proxy } from "comlink";
import type { EngineApi } from "../api/engine-api.ts";
import { EngineError } from "../api/errors.ts";
import { normalizeWorkspacePath, parentPath } from "../api/workspace-paths.ts";
import { ContextStore } from "../cli/context-store.ts";
import type { CommandContext, CommandTerminal, TextSink } from "../cli/context.ts";
import { unreachableEngine } from "../cli/daemon-endpoint.ts";
import { runDockerArguments } from "../cli/docker.ts";
import { HostShell } from "../shell/host-shell.ts";
import { describeBoot } from "../ui/boot-messages.ts";
import type { FrameEngine, RunInput } from "./frame-host.ts";
import type { OutputStream } from "./protocol.ts";

/** Contexts kept for this frame's life only: the embed has no daemons of its own to remember. */
function memoryStorage(): Storage {
  const values = new Map<string, string>();
  return {
    get length() {
      return values.size;
    },
    key: (index) => [...values.keys()][index] ?? null,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
    removeItem: (key) => void values.delete(key),
    clear: () => values.clear(),
  };
}

/** The terminal of an example: no keyboard but the page's Stop (Ctrl-C), and a fixed size. */
function exampleTerminal(columns: number, input: RunInput): CommandTerminal {
  return { columns, rows: 24, onInput: (handler) => input.onInput(handler), onResize: () => ({ dispose: () => undefined }) };
}

/** Decodes what a command writes on one stream into text, keeping characters split across writes whole. */
function textSink(stream: OutputStream, output: (stream: OutputStream, text: string) => void): TextSink {
  const decoder = new TextDecoder();
  return { write: (data) => output(stream, typeof data === "string" ? data : decoder.decode(data, { stream: true })) };
}

export class EmbeddedEngine implements FrameEngine {
  #booted: Promise<string> | undefined;

  constructor(private readonly engine: EngineApi) {}

  boot(onProgress: (message: string) => void): Promise<string> {
    this.#booted ??= (async () => {
      const boot = await this.engine.engineStart({}, proxy({ report: (progress: { message: string }) => onProgress(progress.message) }));
      return describeBoot(await boot.done());
    })();
    // A boot that failed is tried again by the next request.
    this.#booted.catch(() => (this.#booted = undefined));
    return this.#booted;
  }

  async run(command: string, directory: string, columns: number, output: (stream: OutputStream, text: string) => void, input: RunInput): Promise<number> {
    const stdout = textSink("stdout", output);
    const stderr = textSink("stderr", output);
    const context: CommandContext = {
      engine: this.engine,
      endpoints: {
        store: new ContextStore(memoryStorage()),
        connect: () => unreachableEngine(new EngineError("forbidden", "an embedded example talks only to the engine of its page")),
      },
      proxy,
      stdout,
      stderr,
      terminal: exampleTerminal(columns, input),
    };
    const shell = new HostShell(this.engine, (args, overrides) => runDockerArguments(args, { ...context, ...overrides }));
    context.hostFs = shell.fs;
    await shell.fs.makeDirectory(directory, true);
    await shell.fs.changeDirectory(directory);
    return shell.run(command, { stdout, stderr, columns });
  }

  /** `path` is relative to the workspace's root, or absolute in it. */
  async writeFile(path: string, data: Uint8Array): Promise<void> {
    const target = normalizeWorkspacePath(path);
    await this.engine.workspaceMakeDirectory({ path: parentPath(target), parents: true });
    await this.engine.workspaceWrite({ path: target, body: data });
  }

  readFile(path: string): Promise<Uint8Array> {
    return this.engine.workspaceRead({ path: normalizeWorkspacePath(path) });
  }
}

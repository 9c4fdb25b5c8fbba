// Runs typed `docker` lines in unit tests against a fake engine (only the methods a test needs)
// and a fake terminal, capturing what the command writes and its exit code.

import type { EngineApi } from "../../api/engine-api.ts";
import { ContextStore, type KeyValueStorage } from "../context-store.ts";
import type { CommandContext, HostFiles } from "../context.ts";
import type { DaemonEndpoints } from "../daemon-endpoint.ts";
import { runDockerCommandLine } from "../docker.ts";

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface FakeTerminalOptions {
  columns?: number;
  /** Keystrokes delivered to the first input handler the command registers. */
  input?: string;
}

/** A Web Storage stand-in (localStorage in the page). */
export function memoryStorage(): KeyValueStorage {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

/** No stored contexts, and no daemon to reach. */
function noDaemons(): DaemonEndpoints {
  return {
    store: new ContextStore(memoryStorage()),
    connect: () => {
      throw new Error("no daemons in this test");
    },
  };
}

export async function runLine(
  line: string,
  engine: Partial<EngineApi> = {},
  terminal: FakeTerminalOptions = {},
  files?: HostFiles,
  endpoints: DaemonEndpoints = noDaemons(),
): Promise<CommandRun> {
  const output = { stdout: "", stderr: "" };
  const sink = (stream: "stdout" | "stderr") => ({
    write: (data: string | Uint8Array) => {
      output[stream] += typeof data === "string" ? data : new TextDecoder().decode(data);
    },
  });
  let pendingInput = terminal.input;
  const ctx: CommandContext = {
    engine: engine as EngineApi,
    endpoints,
    ...(files ? { files } : {}),
    proxy: (value) => value,
    stdout: sink("stdout"),
    stderr: sink("stderr"),
    terminal: {
      columns: terminal.columns ?? 80,
      rows: 24,
      onInput: (handler) => {
        const input = pendingInput;
        pendingInput = undefined;
        if (input !== undefined) queueMicrotask(() => handler(input));
        return { dispose() {} };
      },
      onResize: () => ({ dispose() {} }),
    },
  };
  const code = await runDockerCommandLine(line, ctx);
  return { code, ...output };
}

// Runs typed `docker` lines in unit tests against a fake engine (only the methods a test needs)
// and a fake terminal, capturing what the command writes and its exit code.

import type { EngineApi } from "../../api/engine-api.ts";
import type { CommandContext, HostFiles } from "../context.ts";
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

export async function runLine(
  line: string,
  engine: Partial<EngineApi> = {},
  terminal: FakeTerminalOptions = {},
  files?: HostFiles,
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

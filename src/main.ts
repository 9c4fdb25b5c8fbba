// Page entry: start the engine worker, show boot progress, then hand the terminal to the CLI.

import { proxy, wrap } from "comlink";
import type { EngineApi } from "./api/engine-api.ts";
import type { BootProgress, BootReport } from "./api/types.ts";
import { installEngineErrorTransfer } from "./api/error-transfer.ts";
import { runDockerCommandLine } from "./cli/docker.ts";
import type { CommandContext } from "./cli/context.ts";
import { TerminalSession } from "./ui/terminal-session.ts";
import { Dashboard } from "./ui/dashboard.ts";
import { describeBoot } from "./ui/boot-messages.ts";
import { builtinFor, shellHelp } from "./ui/shell-builtins.ts";

installEngineErrorTransfer();

const terminal = new TerminalSession(document.getElementById("terminal")!);
const bootStatus = document.getElementById("boot-status")!;
const worker = new Worker(new URL("../worker/index.ts", import.meta.url), { type: "module", name: "berth-engine" });
const engine = wrap<EngineApi>(worker);
const dashboard = new Dashboard(
  engine,
  document.getElementById("dashboard-containers")!,
  document.getElementById("dashboard-images")!,
);

const context: CommandContext = {
  engine,
  proxy,
  stdout: { write: (data) => terminal.write(data) },
  stderr: { write: (data) => terminal.write(data) },
  terminal,
};

function showProgress(progress: BootProgress): void {
  bootStatus.textContent = progress.message;
  terminal.write(`\r\x1b[2K\x1b[2m${progress.message}\x1b[0m`);
}

async function startEngine(): Promise<void> {
  terminal.writeLine("Starting the berth engine (an i686 Linux guest in a Web Worker)…");
  let report: BootReport;
  try {
    const boot = await engine.engineStart({}, proxy({ report: showProgress }));
    report = await boot.done();
  } catch (error) {
    const message = `The engine failed to start: ${error instanceof Error ? error.message : String(error)}`;
    bootStatus.textContent = message;
    terminal.writeLine(`\r\x1b[2K\x1b[31m${message}\x1b[0m`);
    return;
  }
  const summary = describeBoot(report);
  bootStatus.textContent = summary;
  terminal.writeLine(`\r\x1b[2K${summary}`);
  terminal.writeLine("Try: docker run --rm busybox echo hello   ·   docker run -it busybox sh   ·   help");
  void dashboard.refresh();
  terminal.enablePrompt(async (line) => {
    const builtin = builtinFor(line);
    if (builtin === "clear") return terminal.clear();
    if (builtin === "help") {
      terminal.write(shellHelp);
      await runDockerCommandLine("docker --help", context);
      return;
    }
    const exitCode = await runDockerCommandLine(line, context);
    if (exitCode !== 0) terminal.writeLine(`\x1b[2mexit status ${exitCode}\x1b[0m`);
    void dashboard.refresh();
  });
}

void startEngine();

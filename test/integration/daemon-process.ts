// A real `berth daemon` as a child process for tests: its own $BERTH_HOME, a loopback port the
// system picks, and one allowed browser origin; resolves once it listens, with the address and
// the bearer token it printed. Its output is kept for failure messages.

import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const berthExecutable = fileURLToPath(new URL("../../src/host/berth.mjs", import.meta.url));

export interface DaemonProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  token: string;
  output(): string;
  /** SIGTERM, as a user stopping it; resolves when it has exited. */
  stop(): Promise<void>;
}

export async function startDaemonProcess(options: { home: string; allowOrigin: string; startTimeoutMs?: number }): Promise<DaemonProcess> {
  const child = spawn(process.execPath, [berthExecutable, "daemon", "-H", "tcp://127.0.0.1:0", "--allow-origin", options.allowOrigin, "--debug"], {
    env: { ...process.env, BERTH_HOME: options.home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      output += `[berth daemon exited: ${signal ?? code}]\n`;
      resolve();
    }),
  );
  const listening = await waitForOutput(child, () => output, /API listening on tcp:\/\/(127\.0\.0\.1:\d+)[\s\S]*Bearer ([0-9a-f]+)/, options.startTimeoutMs ?? 60_000);
  return {
    url: `http://${listening[1]}`,
    token: listening[2]!,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    const check = () => {
      const match = pattern.exec(output());
      if (!match) return;
      cleanup();
      resolve(match);
    };
    const fail = (why: string) => {
      cleanup();
      child.kill("SIGKILL");
      reject(new Error(`berth daemon ${why}:\n${output()}`));
    };
    const onExit = (code: number | null) => fail(`exited (${code})`);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.off("data", check);
      child.off("exit", onExit);
    };
    child.stdout!.on("data", check);
    child.once("exit", onExit);
  });
}

// A real `berth daemon` as a child process (src/host/berth.mjs), on a unix socket and a loopback
// TCP port, with its state in a directory of its own; and the real docker CLI pointed at it.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import { startLocalRegistry, type LocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures } from "../registry/push-fixtures.ts";

const berth = fileURLToPath(new URL("../../src/host/berth.mjs", import.meta.url));
const startupTimeoutMs = 120_000;

export interface DaemonProcess {
  /** unix:///… as DOCKER_HOST takes it. */
  socket: string;
  /** http://127.0.0.1:PORT */
  url: string;
  /** Everything it printed so far. */
  output(): string;
  /** SIGTERM, then waits for the exit; its exit code. */
  stop(): Promise<number | null>;
}

export async function startDaemon(stateDirectory: string, extraArgs: string[] = [], extraEnv: Record<string, string> = {}): Promise<DaemonProcess> {
  const socketPath = join(stateDirectory, "docker.sock");
  const child: ChildProcess = spawn(process.execPath, [berth, "daemon", "-H", `unix://${socketPath}`, "-H", "tcp://127.0.0.1:0", "--debug", ...extraArgs], {
    env: { ...process.env, ...extraEnv, BERTH_HOME: stateDirectory },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  process.once("exit", () => child.kill("SIGKILL"));
  const tcp = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`berth daemon did not listen within ${startupTimeoutMs} ms:\n${output}`)), startupTimeoutMs);
    const check = () => {
      const match = /API listening on tcp:\/\/(127\.0\.0\.1:\d+)/.exec(output);
      if (match && output.includes(`API listening on unix://${socketPath}`)) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", check);
    void exited.then((code) => reject(new Error(`berth daemon exited with ${code}:\n${output}`)));
  });
  return {
    socket: `unix://${socketPath}`,
    url: `http://${tcp}`,
    output: () => output,
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
  };
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the docker CLI against `host`; `input` is its stdin. */
export function docker(host: string, args: string[], options: { input?: string; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CommandResult> {
  return run("docker", args, { ...options, env: { ...options.env, DOCKER_HOST: host } });
}

/** Runs a shell command line (pipes between docker commands) with DOCKER_HOST set to `host`. */
export function dockerShell(host: string, commandLine: string, options: { timeoutMs?: number } = {}): Promise<CommandResult> {
  return run("sh", ["-c", commandLine], { ...options, env: { DOCKER_HOST: host } });
}

/** Runs `command` under a pseudo-terminal (util-linux `script`), as a person at a terminal would. */
export function dockerWithTty(host: string, commandLine: string, options: { input?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
  return run("script", ["-qefc", commandLine, "/dev/null"], { ...options, env: { DOCKER_HOST: host } });
}

function run(command: string, args: string[], options: { input?: string; timeoutMs?: number; env: Record<string, string> }): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} took over ${options.timeoutMs ?? 60_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.once("error", reject);
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin.end(options.input);
    else child.stdin.end();
  });
}

/** A daemon on a fresh state directory beside the loopback registry holding the fixture images. */
export interface DaemonTestbed {
  daemon: DaemonProcess;
  registry: LocalRegistry;
  stateDirectory: string;
  /** Stops the daemon (as the test left it) and the registry, and removes the state. */
  close(): Promise<void>;
}

export async function startTestbed(): Promise<DaemonTestbed> {
  const fixtures = await ensureFixtures();
  const registry = await startLocalRegistry();
  await pushFixtures(registry.url, fixtures);
  const stateDirectory = await mkdtemp(join(tmpdir(), "berth-daemon-"));
  const testbed: DaemonTestbed = {
    daemon: await startDaemon(stateDirectory),
    registry,
    stateDirectory,
    async close() {
      await testbed.daemon.stop();
      await registry.close();
      await rm(stateDirectory, { recursive: true, force: true });
    },
  };
  return testbed;
}

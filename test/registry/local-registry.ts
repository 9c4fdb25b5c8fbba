// Runs Debian's docker-registry (`docker-registry serve config.yml`) on a loopback port with its
// storage in a fresh temporary directory. Independent of the packaged system service: its own
// config, port and storage. The process is killed and the storage removed when this process exits.
// With `auth`, it asks for a login (Basic, checked against the bcrypt entries of test/registry/htpasswd).

import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface LocalRegistry {
  /** "127.0.0.1:<port>", as image references and BERTH_ALLOW_REGISTRIES spell it. */
  host: string;
  /** "http://127.0.0.1:<port>" */
  url: string;
  /** Stops the server; the storage stays for start(). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same storage. */
  start(): Promise<void>;
  /** Stops the server and deletes the storage. */
  close(): Promise<void>;
}

const CONFIG = fileURLToPath(new URL("config.yml", import.meta.url));
const HTPASSWD = fileURLToPath(new URL("htpasswd", import.meta.url));

/** The one login of test/registry/htpasswd. */
export const REGISTRY_LOGIN = { username: "berth", password: "berth-push-secret" } as const;
const BINARY = "docker-registry";
const STARTUP_TIMEOUT_MS = 15_000;

/** A port nothing listens on: `wanted` if it is free (0 for any), so another server cannot answer for ours. */
async function freePort(wanted: number): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(wanted, "127.0.0.1", resolve)).catch((error: Error) => {
    throw new Error(`cannot listen on 127.0.0.1:${wanted} (${error.message}); is another registry using it?`);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port from the kernel");
  return address.port;
}

/** Polls /v2/ until the registry answers, failing early once `failure` reports why it cannot. */
async function waitUntilServing(url: string, failure: () => string | undefined, auth: boolean): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const reason = failure();
    if (reason !== undefined) throw new Error(reason);
    const answered = await fetch(`${url}/v2/`).then((response) => response.status === (auth ? 401 : 200), () => false);
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${BINARY} did not answer on ${url} within ${STARTUP_TIMEOUT_MS} ms`);
}

export async function startLocalRegistry(options: { port?: number; auth?: boolean } = {}): Promise<LocalRegistry> {
  const port = await freePort(options.port ?? 0);
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const storage = await mkdtemp(join(tmpdir(), "berth-registry-"));
  let running: { child: ChildProcess; exited: Promise<unknown> } | undefined;

  const removeOnExit = () => {
    running?.child.kill("SIGKILL");
    rmSync(storage, { recursive: true, force: true });
  };
  process.once("exit", removeOnExit);

  const start = async () => {
    if (running) return;
    const child = spawn(BINARY, ["serve", CONFIG], {
      env: {
        ...process.env,
        REGISTRY_HTTP_ADDR: host,
        REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: storage,
        ...(options.auth ? { REGISTRY_AUTH: "htpasswd", REGISTRY_AUTH_HTPASSWD_REALM: "berth-test", REGISTRY_AUTH_HTPASSWD_PATH: HTPASSWD } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let failure: string | undefined;
    const keepTail = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000));
    child.stdout?.on("data", keepTail);
    child.stderr?.on("data", keepTail);
    const exited = new Promise((resolve) => {
      child.once("error", (error) => resolve((failure = `cannot run ${BINARY}: ${error.message}`)));
      child.once("close", (code, signal) => resolve((failure ??= `${BINARY} exited (${signal ?? code}): ${output.trim()}`)));
    });
    running = { child, exited };
    try {
      await waitUntilServing(url, () => failure, options.auth ?? false);
    } catch (error) {
      await stop();
      throw error;
    }
  };

  const stop = async () => {
    const stopping = running;
    running = undefined;
    if (!stopping) return;
    stopping.child.kill("SIGTERM");
    await stopping.exited;
  };

  const close = async () => {
    await stop();
    await rm(storage, { recursive: true, force: true });
    process.off("exit", removeOnExit);
  };

  try {
    await start();
  } catch (error) {
    await close();
    throw error;
  }
  return { host, url, stop, start, close };
}

// `berth daemon`'s command line, in dockerd's spelling: -H/--host (unix:// and tcp://, repeatable),
// --tlsverify with --tlscacert, --tlscert and --tlskey, -D/--debug, --data-root, and berth's own
// --allow-origin for browser pages, --egress for containers' outbound connections and --memory for the
// guest's memory. TCP binds to loopback unless mutual TLS is on.

import { homedir, platform } from "node:os";
import { join } from "node:path";
import { maximumGuestMemoryMiB, minimumGuestMemoryMiB, parseGuestMemory } from "../api/guest-memory.ts";
import { OptionValueError } from "../cli/container-option-values.ts";
import { allowEgressFromEnv } from "../proxy/egress/egress-policy.ts";

export type Listener = { kind: "unix"; path: string } | { kind: "tcp"; host: string; port: number };

export interface TlsFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface DaemonOptions {
  stateDirectory: string;
  listeners: Listener[];
  tls?: TlsFiles;
  debug: boolean;
  /** Browser origins allowed to call the API (with the bearer token). */
  allowedOrigins: string[];
  /** Containers' outbound connections: the relay's allowlist (plus BERTH_ALLOW_EGRESS), or any host. */
  egress: EgressMode;
  allowEgress: string[];
  /** The guest's memory in bytes; the guest image's default when absent. */
  memoryBytes?: number;
}

export type EgressMode = "allowlist" | "open";

const usage = `Usage:  berth daemon [OPTIONS]

Run the berth engine and serve the Docker Engine API

Options:
  -H, --host list           Daemon socket(s) to listen on (unix:///path or tcp://127.0.0.1:PORT)
      --data-root string    Where state is kept (default $BERTH_HOME or the per-user data directory)
      --tlsverify           Require mutual TLS (needed to listen beyond loopback)
      --tlscacert string    Trust certs signed only by this CA
      --tlscert string      Path to TLS certificate file
      --tlskey string       Path to TLS key file
      --allow-origin list   Browser origin allowed to use the API with the printed token
      --egress string       Containers' outbound connections: "allowlist" (package mirrors and
                            registries, plus BERTH_ALLOW_EGRESS host:port entries) or "open" (default "allowlist")
  -m, --memory bytes        The guest's memory, ${minimumGuestMemoryMiB}m to ${maximumGuestMemoryMiB}m (default: the guest image's)
  -D, --debug               Log every request`;

export class UsageError extends Error {}

export function daemonUsage(): string {
  return usage;
}

/** The per-user data directory, as each platform names it. */
export function defaultStateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BERTH_HOME) return env.BERTH_HOME;
  if (platform() === "win32") return join(env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), "berth");
  if (platform() === "darwin") return join(homedir(), "Library", "Application Support", "berth");
  return join(env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "berth");
}

export function parseDaemonOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): DaemonOptions {
  const hosts: string[] = [];
  const allowedOrigins: string[] = [];
  let tlsVerify = false;
  let caFile: string | undefined;
  let certFile: string | undefined;
  let keyFile: string | undefined;
  let debug = false;
  let egress: EgressMode = "allowlist";
  let memoryBytes: number | undefined;
  let stateDirectory = defaultStateDirectory(env);
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = splitFlag(argv[index]!);
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++index];
      if (next === undefined) throw new UsageError(`flag needs an argument: ${flag}`);
      return next;
    };
    switch (flag) {
      case "-H":
      case "--host":
        hosts.push(value());
        break;
      case "--data-root":
        stateDirectory = value();
        break;
      case "--tlsverify":
        tlsVerify = inline === undefined || inline === "true";
        break;
      case "--tlscacert":
        caFile = value();
        break;
      case "--tlscert":
        certFile = value();
        break;
      case "--tlskey":
        keyFile = value();
        break;
      case "--allow-origin":
        allowedOrigins.push(new URL(value()).origin);
        break;
      case "--egress": {
        const mode = value();
        if (mode !== "allowlist" && mode !== "open") throw new UsageError(`invalid value "${mode}" for --egress: "allowlist" or "open"`);
        egress = mode;
        break;
      }
      case "-m":
      case "--memory":
        memoryBytes = parseMemory(value());
        break;
      case "-D":
      case "--debug":
        debug = true;
        break;
      default:
        throw new UsageError(`unknown flag: ${flag}`);
    }
  }
  let tls: TlsFiles | undefined;
  if (tlsVerify) {
    if (!caFile || !certFile || !keyFile) throw new UsageError("--tlsverify needs --tlscacert, --tlscert and --tlskey");
    tls = { caFile, certFile, keyFile };
  }
  const listeners = (hosts.length > 0 ? hosts : [`unix://${join(stateDirectory, "berth.sock")}`]).map(parseHost);
  for (const listener of listeners) {
    if (listener.kind === "tcp" && !isLoopback(listener.host) && !tls) {
      throw new UsageError(`listening on ${listener.host}:${listener.port} beyond loopback needs mutual TLS: add --tlsverify with --tlscacert, --tlscert and --tlskey`);
    }
  }
  let allowEgress: string[];
  try {
    allowEgress = allowEgressFromEnv(env.BERTH_ALLOW_EGRESS);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { stateDirectory, listeners, tls, debug, allowedOrigins, egress, allowEgress, memoryBytes };
}

/** --memory, in the words of dockerd's flag errors. */
function parseMemory(text: string): number {
  try {
    return parseGuestMemory(text);
  } catch (error) {
    if (error instanceof OptionValueError) throw new UsageError(`invalid argument "${text}" for "-m, --memory" flag: ${error.message}`);
    throw error;
  }
}

function splitFlag(argument: string): [string, string | undefined] {
  const equals = argument.indexOf("=");
  return argument.startsWith("--") && equals > 0 ? [argument.slice(0, equals), argument.slice(equals + 1)] : [argument, undefined];
}

/** unix:///path or tcp://host:port (host defaults to 127.0.0.1, port to 2375, or 2376 with TLS as dockerd). */
export function parseHost(text: string): Listener {
  if (text.startsWith("unix://")) {
    const path = text.slice("unix://".length);
    if (path === "") throw new UsageError(`invalid host ${text}: no socket path`);
    return { kind: "unix", path };
  }
  if (text.startsWith("tcp://")) {
    let url: URL;
    try {
      url = new URL(`http://${text.slice("tcp://".length)}`);
    } catch {
      throw new UsageError(`invalid host ${text}`);
    }
    if (url.pathname !== "/" || url.search !== "") throw new UsageError(`invalid host ${text}: a tcp host has no path`);
    return { kind: "tcp", host: url.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1", port: url.port === "" ? 2375 : Number(url.port) };
  }
  throw new UsageError(`invalid host ${text}: use unix:///path or tcp://127.0.0.1:PORT`);
}

export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

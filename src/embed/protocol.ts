// The messages between embed.js on an author's page and the engine frame (embed/frame.html) from
// berth's origin. Each message is a plain object tagged `berthEmbed: 1`; anything else on the
// window's message channel is not ours and is ignored, and so is a message of ours that is malformed.
//
// Page → frame (requests, each with an id the answer repeats):
//   boot        start the engine (once; later boots answer when it is up)          → done { summary }
//   run         run one command line (heredocs allowed) in a workspace directory   → output…, done { exitCode }
//   write-file  create or replace a workspace file (its directories are made)      → done {}
//   read-file   a workspace file's bytes                                           → done { data }
//   interrupt   Ctrl-C to the command a run request started (it may stop it)       → done {}
// Frame → page:
//   ready       the frame listens (sent once, to any origin: it carries nothing)
//   progress    a boot progress line
//   output      text a running command wrote, on stdout or stderr
//   done        the request succeeded; failed { message } it did not

export const protocolTag = "berthEmbed";
export const protocolVersion = 1;

/** Limits that keep one message reasonable; a larger request is refused as malformed. */
export const maxCommandLength = 65_536;
export const maxPathLength = 4096;
export const maxFileBytes = 8 * 1024 * 1024;

export type EmbedRequest =
  | { kind: "boot"; id: number }
  | { kind: "run"; id: number; command: string; directory: string; columns: number }
  | { kind: "write-file"; id: number; path: string; data: Uint8Array }
  | { kind: "read-file"; id: number; path: string }
  | { kind: "interrupt"; id: number; run: number };

export type OutputStream = "stdout" | "stderr";

export type EmbedEvent =
  | { kind: "ready" }
  | { kind: "progress"; message: string }
  | { kind: "output"; id: number; stream: OutputStream; text: string }
  | { kind: "done"; id: number; summary?: string; exitCode?: number; data?: Uint8Array }
  | { kind: "failed"; id: number; message: string };

export type Tagged<T> = T & { [protocolTag]: typeof protocolVersion };

export function tagged<T extends object>(message: T): Tagged<T> {
  return { ...message, [protocolTag]: protocolVersion };
}

type Fields = Record<string, unknown>;

function ours(data: unknown): Fields | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  return (data as Fields)[protocolTag] === protocolVersion ? (data as Fields) : undefined;
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown, max: number): value is string => typeof value === "string" && value.length <= max;
const isPath = (value: unknown): value is string => isText(value, maxPathLength) && value.length > 0 && !value.includes("\0");

/** A request from the page, or undefined when `data` is not a well-formed one. */
export function parseRequest(data: unknown): EmbedRequest | undefined {
  const message = ours(data);
  if (!message || !isId(message.id)) return undefined;
  const { id } = message;
  switch (message.kind) {
    case "boot":
      return { kind: "boot", id };
    case "run": {
      const { command, directory, columns } = message;
      if (!isText(command, maxCommandLength) || !isPath(directory)) return undefined;
      if (!Number.isInteger(columns) || (columns as number) < 20 || (columns as number) > 500) return undefined;
      return { kind: "run", id, command, directory, columns: columns as number };
    }
    case "write-file": {
      const { path, data } = message;
      if (!isPath(path) || !(data instanceof Uint8Array) || data.length > maxFileBytes) return undefined;
      return { kind: "write-file", id, path, data };
    }
    case "read-file":
      return isPath(message.path) ? { kind: "read-file", id, path: message.path } : undefined;
    case "interrupt":
      return isId(message.run) ? { kind: "interrupt", id, run: message.run } : undefined;
    default:
      return undefined;
  }
}

/** An event from the frame, or undefined when `data` is not a well-formed one. */
export function parseEvent(data: unknown): EmbedEvent | undefined {
  const message = ours(data);
  if (!message) return undefined;
  switch (message.kind) {
    case "ready":
      return { kind: "ready" };
    case "progress":
      return typeof message.message === "string" ? { kind: "progress", message: message.message } : undefined;
    case "output": {
      const { id, stream, text } = message;
      if (!isId(id) || (stream !== "stdout" && stream !== "stderr") || typeof text !== "string") return undefined;
      return { kind: "output", id, stream, text };
    }
    case "done": {
      const { id, summary, exitCode, data } = message;
      if (!isId(id)) return undefined;
      if (summary !== undefined && typeof summary !== "string") return undefined;
      if (exitCode !== undefined && !Number.isInteger(exitCode)) return undefined;
      if (data !== undefined && !(data instanceof Uint8Array)) return undefined;
      return { kind: "done", id, summary, exitCode: exitCode as number | undefined, data };
    }
    case "failed":
      return isId(message.id) && typeof message.message === "string" ? { kind: "failed", id: message.id, message: message.message } : undefined;
    default:
      return undefined;
  }
}

// A shared session in a link's fragment: the command history and small workspace files as JSON,
// compressed (deflate-raw) and base64url-encoded, so nothing goes to a server. Decoding trusts
// nothing: bad base64, bad compression, a payload that inflates past its limit, a bad shape or a
// path that is not a plain absolute workspace path is refused as a whole (an "invalid" EngineError).

import { EngineError } from "../api/errors.ts";
import { normalizeWorkspacePath } from "../api/workspace-paths.ts";
import { checkLinkCommands } from "./demo-link.ts";

export interface SharedFile {
  /** Absolute, normalized workspace path ("/app/Dockerfile"). */
  path: string;
  /** Permission bits (0o644, 0o755). */
  mode: number;
  data: Uint8Array;
}

export interface SharePayload {
  history: string[];
  files: SharedFile[];
}

/** The files a link carries add up to at most this many bytes. */
export const shareFileBudget = 64 * 1024;
/** The history a link carries: its latest commands up to this many characters in all. */
export const shareHistoryBudget = 32 * 1024;
const maxSharedFiles = 1000;
const maxPathLength = 1024;
/** Limits on what decoding reads: the fragment's text, and the JSON it inflates to. */
const maxEncodedLength = 256 * 1024;
const maxInflatedBytes = 512 * 1024;
const formatVersion = 1;

interface EncodedFile {
  path: string;
  mode: number;
  /** The content as text when it is UTF-8, else as base64url. */
  text?: string;
  base64?: string;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The payload as fragment text (base64url of the deflated JSON). */
export async function encodeSharePayload(payload: SharePayload): Promise<string> {
  const files: EncodedFile[] = payload.files.map(({ path, mode, data }) => {
    const text = utf8Text(data);
    return text === undefined ? { path, mode, base64: toBase64Url(data) } : { path, mode, text };
  });
  const json = JSON.stringify({ v: formatVersion, history: payload.history, files });
  return toBase64Url(await transform(new TextEncoder().encode(json), new CompressionStream("deflate-raw")));
}

/** The payload in fragment text; refuses anything malformed or beyond the limits, whole. */
export async function decodeSharePayload(encoded: string): Promise<SharePayload> {
  if (encoded.length > maxEncodedLength) throw invalid(`it is longer than ${maxEncodedLength} characters`);
  const compressed = fromBase64Url(encoded);
  const inflated = await inflate(compressed);
  let parsed: unknown;
  try {
    parsed = JSON.parse(strictUtf8.decode(inflated));
  } catch {
    throw invalid("its content is not a shared session");
  }
  return checkPayload(parsed);
}

function checkPayload(value: unknown): SharePayload {
  if (!isRecord(value) || value.v !== formatVersion) throw invalid("its content is not a shared session of this version");
  if (!Array.isArray(value.history) || !Array.isArray(value.files)) throw invalid("its content is not a shared session");
  let history: string[];
  try {
    history = checkLinkCommands(value.history);
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
  if (history.reduce((sum, command) => sum + command.length, 0) > shareHistoryBudget) throw invalid(`its history is longer than ${shareHistoryBudget} characters`);
  if (value.files.length > maxSharedFiles) throw invalid(`it holds more than ${maxSharedFiles} files`);
  const seen = new Set<string>();
  let total = 0;
  const files = value.files.map((file: unknown): SharedFile => {
    const checked = checkFile(file);
    if (seen.has(checked.path)) throw invalid(`it holds ${checked.path} twice`);
    seen.add(checked.path);
    total += checked.data.length;
    if (total > shareFileBudget) throw invalid(`its files add up to more than ${shareFileBudget} bytes`);
    return checked;
  });
  return { history, files };
}

function checkFile(file: unknown): SharedFile {
  if (!isRecord(file) || typeof file.path !== "string") throw invalid("a file in it has no path");
  const path = file.path;
  if (!isPlainAbsolutePath(path)) throw invalid(`the file path ${JSON.stringify(path.slice(0, 100))} is not a plain absolute path in the workspace`);
  const mode = file.mode;
  if (typeof mode !== "number" || !Number.isInteger(mode) || mode < 0 || mode > 0o777) throw invalid(`${path} has a bad mode`);
  let data: Uint8Array;
  if (typeof file.text === "string" && file.base64 === undefined) data = new TextEncoder().encode(file.text);
  else if (typeof file.base64 === "string" && file.text === undefined) data = fromBase64Url(file.base64);
  else throw invalid(`${path} has no content`);
  return { path, mode, data };
}

/** "/a/b": absolute, no empty, "." or ".." elements (normalizing changes nothing), no control characters, not the root. */
function isPlainAbsolutePath(path: string): boolean {
  if (path.length > maxPathLength || path === "/" || /[\x00-\x1f\x7f]/.test(path)) return false;
  return normalizeWorkspacePath(path) === path;
}

/** Inflates `data`, stopping as soon as the output passes its limit (a small link can inflate to gigabytes). */
async function inflate(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const reader = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxInflatedBytes) {
        void reader.cancel().catch(() => undefined);
        throw invalid(`it inflates to more than ${maxInflatedBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw invalid("its data is not deflate-compressed");
  }
  return concat(chunks, size);
}

async function transform(data: Uint8Array<ArrayBuffer>, stream: CompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await new Response(new Blob([data]).stream().pipeThrough(stream)).arrayBuffer());
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.length;
  }
  return whole;
}

function utf8Text(data: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(data);
  } catch {
    return undefined;
  }
}

/** RFC 4648 base64url without padding. */
export function toBase64Url(data: Uint8Array): string {
  let binary = "";
  for (let offset = 0; offset < data.length; offset += 0x8000) binary += String.fromCharCode(...data.subarray(offset, offset + 0x8000));
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  // Strict: atob alone would skip spaces and accept "+" and "/".
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw invalid("its data is not valid base64url");
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(reason: string): EngineError {
  return new EngineError("invalid", `this link's shared session is refused: ${reason}`);
}

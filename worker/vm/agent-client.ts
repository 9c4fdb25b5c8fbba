// Client side of the guest agent protocol: requests with ids and timeouts on the control port,
// agent events (READY, EXIT), and per-handle container stdio on the stdio port.

import {
  FrameDecoder,
  Op,
  ProtocolError,
  StdioStream,
  decodeControl,
  decodeStdio,
  encodeControl,
  encodeFrame,
  encodeStdio,
  fieldNumber,
  fieldText,
  type ControlField,
  type ControlMessage,
} from "./agent-protocol.ts";
import type { ByteChannel } from "./byte-channel.ts";

/** The agent answered a request with RESULT "error"; the message is the agent's. */
export class AgentError extends Error {
  override readonly name = "AgentError";
}

/** The agent did not answer a request in time. */
export class AgentTimeoutError extends Error {
  override readonly name = "AgentTimeoutError";
}

export interface AgentInfo {
  kernelRelease: string;
  /** As printed by `uname -v`. */
  kernelVersion: string;
  memTotalBytes: number;
  cpus: number;
  runtimeName: string;
  runtimeVersion: string;
  cgroupVersion: string;
}

export interface CreateContainerParams {
  id: string;
  /** Chosen by the caller; identifies the container's stdio frames on the stdio port. */
  handle: number;
  /** Rootfs path below the 9p root, e.g. `images/<hex>/rootfs`. */
  rootfs: string;
  configJson: Uint8Array | string;
  tty: boolean;
  stdinOpen: boolean;
}

export type OutputStreamId = typeof StdioStream.Stdout | typeof StdioStream.Stderr;

export interface ContainerOutputSink {
  data(stream: OutputStreamId, bytes: Uint8Array): void;
  /** The container closed this stream; no more data follows on it. */
  eof(stream: OutputStreamId): void;
}

export interface AgentClientOptions {
  /** Default time to wait for a RESULT. */
  requestTimeoutMs?: number;
}

/** Stdin goes out in frames of at most this much data (well below the frame limit). */
const STDIN_CHUNK = 64 * 1024;

interface PendingRequest {
  opName: string;
  resolve(fields: Uint8Array[]): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

type Listener<Args extends unknown[]> = (...args: Args) => void;

export class AgentClient {
  readonly #control: ByteChannel;
  readonly #stdio: ByteChannel;
  readonly #requestTimeoutMs: number;
  readonly #controlDecoder = new FrameDecoder();
  readonly #stdioDecoder = new FrameDecoder();
  readonly #pending = new Map<number, PendingRequest>();
  readonly #sinks = new Map<number, ContainerOutputSink>();
  readonly #exitListeners = new Set<Listener<[containerId: string, code: number]>>();
  readonly #readyListeners = new Set<Listener<[agentVersion: string]>>();
  readonly #failureListeners = new Set<Listener<[error: Error]>>();
  readonly #unsubscribe: (() => void)[];
  // A random start keeps ids apart from requests that were in flight when a restored snapshot was saved.
  #nextRequestId = 1 + Math.floor(Math.random() * 0x7fff_ffff);
  #failure: Error | null = null;

  constructor(control: ByteChannel, stdio: ByteChannel, options: AgentClientOptions = {}) {
    this.#control = control;
    this.#stdio = stdio;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.#unsubscribe = [
      control.onData((bytes) => this.#receive(this.#controlDecoder, bytes, this.#handleControl)),
      stdio.onData((bytes) => this.#receive(this.#stdioDecoder, bytes, this.#handleStdio)),
    ];
  }

  async ping(timeoutMs?: number): Promise<void> {
    await this.#request("PING", Op.Ping, [], timeoutMs);
  }

  /** Sets the guest's clock and mixes entropy into its pool; a restored snapshot has stale both. */
  async sync(epochMilliseconds: number, entropy: Uint8Array, timeoutMs?: number): Promise<void> {
    await this.#request("SYNC", Op.Sync, [String(Math.floor(epochMilliseconds)), entropy], timeoutMs);
  }

  async info(): Promise<AgentInfo> {
    const fields = await this.#request("INFO", Op.Info, []);
    if (fields.length < 7) throw new ProtocolError(`INFO returned ${fields.length} fields, expected 7`);
    const [release, version, memTotal, cpus, runtimeName, runtimeVersion, cgroupVersion] = fields;
    return {
      kernelRelease: fieldText(release),
      kernelVersion: fieldText(version),
      memTotalBytes: fieldNumber(memTotal),
      cpus: fieldNumber(cpus),
      runtimeName: fieldText(runtimeName),
      runtimeVersion: fieldText(runtimeVersion),
      cgroupVersion: fieldText(cgroupVersion),
    };
  }

  /** Prepares the container's bundle, overlay and stdio; nothing runs until start(). */
  async create(params: CreateContainerParams): Promise<void> {
    await this.#request("CREATE", Op.Create, [
      params.id,
      params.handle,
      params.rootfs,
      params.configJson,
      params.tty ? 1 : 0,
      params.stdinOpen ? 1 : 0,
    ]);
  }

  /** Runs the container's process and returns its pid. */
  async start(id: string): Promise<number> {
    const fields = await this.#request("START", Op.Start, [id]);
    if (fields.length < 1) throw new ProtocolError("START returned no pid");
    return fieldNumber(fields[0]);
  }

  async signal(id: string, signo: number): Promise<void> {
    await this.#request("SIGNAL", Op.Signal, [id, signo]);
  }

  async resize(id: string, cols: number, rows: number): Promise<void> {
    await this.#request("RESIZE", Op.Resize, [id, cols, rows]);
  }

  async delete(id: string): Promise<void> {
    await this.#request("DELETE", Op.Delete, [id]);
  }

  /** Sends stdin bytes; resolves once the guest has taken them. Empty data sends nothing. */
  async writeStdin(handle: number, data: Uint8Array): Promise<void> {
    const writes: Promise<void>[] = [];
    for (let offset = 0; offset < data.length; offset += STDIN_CHUNK) {
      const piece = data.subarray(offset, offset + STDIN_CHUNK);
      writes.push(this.#sendStdio(handle, piece));
    }
    await Promise.all(writes);
  }

  async closeStdin(handle: number): Promise<void> {
    await this.#sendStdio(handle, new Uint8Array(0));
  }

  /**
   * Routes a handle's stdout/stderr to a sink. Attach before CREATE: output that arrives for a
   * handle without a sink is dropped. Returns a function that detaches the sink.
   */
  attachOutput(handle: number, sink: ContainerOutputSink): () => void {
    this.#sinks.set(handle, sink);
    return () => {
      if (this.#sinks.get(handle) === sink) this.#sinks.delete(handle);
    };
  }

  /** EXIT events; they follow the container's stdout and stderr EOF. */
  onExit(listener: (containerId: string, code: number) => void): () => void {
    return subscribe(this.#exitListeners, listener);
  }

  /** READY events, sent once when the agent starts. */
  onReady(listener: (agentVersion: string) => void): () => void {
    return subscribe(this.#readyListeners, listener);
  }

  /** The connection became unusable (malformed data from the guest, or dispose). */
  onFailure(listener: (error: Error) => void): () => void {
    return subscribe(this.#failureListeners, listener);
  }

  /** Fails all outstanding requests with `reason` and stops listening to the channels. */
  dispose(reason = new Error("agent client disposed")): void {
    this.#fail(reason);
  }

  #request(opName: string, op: number, fields: ControlField[], timeoutMs = this.#requestTimeoutMs): Promise<Uint8Array[]> {
    if (this.#failure) return Promise.reject(this.#failure);
    const requestId = this.#takeRequestId();
    const frame = encodeFrame(encodeControl(op, requestId, fields));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new AgentTimeoutError(`guest agent did not answer ${opName} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(requestId, { opName, resolve, reject, timer });
      this.#control.write(frame).catch((error: unknown) => this.#settle(requestId, asError(error)));
    });
  }

  #takeRequestId(): number {
    const id = this.#nextRequestId;
    // Request id 0 is reserved for events.
    this.#nextRequestId = id >= 0xffff_ffff ? 1 : id + 1;
    return id;
  }

  #sendStdio(handle: number, data: Uint8Array): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return this.#stdio.write(encodeFrame(encodeStdio(handle, StdioStream.Stdin, data)));
  }

  #receive(decoder: FrameDecoder, bytes: Uint8Array, handle: (body: Uint8Array) => void): void {
    if (this.#failure) return;
    try {
      for (const body of decoder.push(bytes)) handle(body);
    } catch (error) {
      this.#fail(asError(error));
    }
  }

  readonly #handleControl = (body: Uint8Array): void => {
    const message = decodeControl(body);
    switch (message.op) {
      case Op.Result:
        this.#handleResult(message);
        break;
      case Op.Exit: {
        const [id, code] = message.fields;
        if (!id || !code) throw new ProtocolError("EXIT needs a container id and an exit code");
        emit(this.#exitListeners, fieldText(id), fieldNumber(code));
        break;
      }
      case Op.Ready:
        emit(this.#readyListeners, message.fields[0] ? fieldText(message.fields[0]) : "");
        break;
      default:
        throw new ProtocolError(`unexpected control op 0x${message.op.toString(16)} from the agent`);
    }
  };

  #handleResult(message: ControlMessage): void {
    const [status, ...rest] = message.fields;
    const pending = this.#pending.get(message.requestId);
    if (!pending) return; // answered after its timeout
    const verdict = status ? fieldText(status) : "";
    if (verdict === "ok") {
      this.#settle(message.requestId, null, rest);
    } else if (verdict === "error") {
      const reason = rest[0] ? fieldText(rest[0]) : "unknown error";
      this.#settle(message.requestId, new AgentError(`${pending.opName}: ${reason}`));
    } else {
      this.#settle(message.requestId, new ProtocolError(`${pending.opName}: malformed RESULT status ${JSON.stringify(verdict)}`));
    }
  }

  #settle(requestId: number, error: Error | null, fields: Uint8Array[] = []): void {
    const pending = this.#pending.get(requestId);
    if (!pending) return;
    this.#pending.delete(requestId);
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(fields);
  }

  readonly #handleStdio = (body: Uint8Array): void => {
    const { handle, stream, data } = decodeStdio(body);
    if (stream !== StdioStream.Stdout && stream !== StdioStream.Stderr) {
      throw new ProtocolError(`unexpected stdio stream ${stream} from the agent`);
    }
    const sink = this.#sinks.get(handle);
    if (!sink) return;
    isolate(() => (data.length === 0 ? sink.eof(stream) : sink.data(stream, data)));
  };

  #fail(error: Error): void {
    if (this.#failure) return;
    this.#failure = error;
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const requestId of [...this.#pending.keys()]) this.#settle(requestId, error);
    emit(this.#failureListeners, error);
  }
}

function subscribe<Args extends unknown[]>(listeners: Set<Listener<Args>>, listener: Listener<Args>): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit<Args extends unknown[]>(listeners: Set<Listener<Args>>, ...args: Args): void {
  for (const listener of listeners) isolate(() => listener(...args));
}

/** Runs a consumer callback; its exception is rethrown later so it cannot break frame decoding. */
function isolate(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

// The embedding page's end of the embed protocol (protocol.ts): sends requests to the engine frame
// once it said it listens, and takes events only from that frame's window and origin. One client
// serves every example on the page and the JavaScript API.

import { parseEvent, tagged, type EmbedEvent, type OutputStream } from "./protocol.ts";

export type OutputListener = (text: string, stream: OutputStream) => void;

export interface RunOptions {
  /** Called with the command's output as it comes (terminal text: it may hold escape sequences). */
  onOutput?: OutputListener;
  /** The workspace directory the command runs in (made if missing); "/" by default. */
  directory?: string;
  /** The width the output is formatted for; 80 by default. */
  columns?: number;
  /** Aborting it sends the command Ctrl-C, as a terminal would (a foreground container is stopped). */
  signal?: AbortSignal;
}

interface Pending {
  resolve(event: Extract<EmbedEvent, { kind: "done" }>): void;
  reject(error: Error): void;
  onOutput?: OutputListener;
}

export interface FrameTarget {
  postMessage(message: unknown, targetOrigin: string): void;
}

export interface HostWindow {
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

export class FrameClient {
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #progressListeners = new Set<(message: string) => void>();
  #lastProgress = "";
  readonly #ready: Promise<void>;

  /**
   * `frame()` is the frame's window (an iframe's contentWindow, there once the iframe is in the
   * document). A frame that has not said it listens `loadTimeoutMs` from now fails every request.
   */
  constructor(
    host: HostWindow,
    private readonly frame: () => FrameTarget | null,
    private readonly frameOrigin: string,
    loadTimeoutMs = 60_000,
  ) {
    let ready!: () => void;
    let failed!: (error: Error) => void;
    this.#ready = new Promise((resolve, reject) => ((ready = resolve), (failed = reject)));
    this.#ready.catch(() => undefined);
    const timer = setTimeout(() => failed(new Error(`berth's engine frame did not load from ${frameOrigin} within ${loadTimeoutMs / 1000} s`)), loadTimeoutMs);
    host.addEventListener("message", (message) => {
      if (message.origin !== this.frameOrigin || message.source === null || message.source !== this.frame()) return;
      const event = parseEvent(message.data);
      if (event?.kind === "ready") {
        clearTimeout(timer);
        ready();
      } else if (event) this.#receive(event);
    });
  }

  /** Starts the engine (once per page); resolves to the boot's summary ("Guest ready: … in … s"). */
  async boot(): Promise<string> {
    return (await this.#request({ kind: "boot" })).summary ?? "";
  }

  /** Runs one command line; resolves to its exit code. */
  async run(command: string, options: RunOptions = {}): Promise<number> {
    const request = { kind: "run", command, directory: options.directory ?? "/", columns: options.columns ?? 80 };
    const id = this.#nextId++;
    const interrupt = () => void this.#request({ kind: "interrupt", run: id }).catch(() => undefined);
    options.signal?.addEventListener("abort", interrupt);
    try {
      return (await this.#request(request, options.onOutput, id)).exitCode ?? 0;
    } finally {
      options.signal?.removeEventListener("abort", interrupt);
    }
  }

  /** Creates or replaces a workspace file, making its directories. */
  async writeFile(path: string, data: Uint8Array | string): Promise<void> {
    await this.#request({ kind: "write-file", path, data: typeof data === "string" ? new TextEncoder().encode(data) : data });
  }

  async readFile(path: string): Promise<Uint8Array> {
    return (await this.#request({ kind: "read-file", path })).data ?? new Uint8Array(0);
  }

  /** Calls `listener` with each boot progress line (the latest one at once, if any came). */
  onProgress(listener: (message: string) => void): () => void {
    this.#progressListeners.add(listener);
    if (this.#lastProgress) listener(this.#lastProgress);
    return () => this.#progressListeners.delete(listener);
  }

  async #request(request: Record<string, unknown>, onOutput?: OutputListener, id = this.#nextId++): Promise<Extract<EmbedEvent, { kind: "done" }>> {
    await this.#ready;
    const answered = new Promise<Extract<EmbedEvent, { kind: "done" }>>((resolve, reject) => this.#pending.set(id, { resolve, reject, onOutput }));
    this.frame()?.postMessage(tagged({ ...request, id }), this.frameOrigin);
    return answered;
  }

  #receive(event: Exclude<EmbedEvent, { kind: "ready" }>): void {
    if (event.kind === "progress") {
      this.#lastProgress = event.message;
      this.#progressListeners.forEach((listener) => listener(event.message));
      return;
    }
    const pending = this.#pending.get(event.id);
    if (!pending) return;
    if (event.kind === "output") {
      pending.onOutput?.(event.text, event.stream);
      return;
    }
    this.#pending.delete(event.id);
    if (event.kind === "done") pending.resolve(event);
    else pending.reject(new Error(event.message));
  }
}

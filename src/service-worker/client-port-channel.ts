// The service worker's way to a published port: through a window client that runs the engine (the
// berth tab), over a MessagePort (the protocol is in port-messages.ts). Candidates are asked in
// turn: one that does not answer at once has no engine (still loading, or not berth), one whose
// engine publishes nothing on the port passes the request on to the next.

import { portConnectType, type PageMessage, type PortConnectRequest, type WorkerMessage } from "./port-messages.ts";
import { PortUnavailableError, type OpenPort, type PortConnection } from "./port-relay.ts";

export interface EngineClient {
  id: string;
  postMessage(message: PortConnectRequest, transfer: Transferable[]): void;
}

export interface ClientChannelOptions {
  /** The window clients that may run an engine, the likeliest first. */
  candidates(): Promise<EngineClient[]>;
  /** Whether the client is still there (its tab may close while a response streams). */
  exists(id: string): Promise<boolean>;
  /** How long a client may take to say it runs an engine. */
  answerTimeoutMs?: number;
  /** How often a connection checks that its client is still there. */
  watchIntervalMs?: number;
}

type Attempt = PortConnection | "no-answer" | "not-published";

export function clientPortOpener(options: ClientChannelOptions): OpenPort {
  return async (port) => {
    const candidates = await options.candidates();
    const outcomes: Attempt[] = [];
    for (const client of candidates) {
      const outcome = await connectThrough(client, port, options);
      if (typeof outcome !== "string") return outcome;
      outcomes.push(outcome);
    }
    if (outcomes.includes("not-published")) {
      throw new PortUnavailableError(502, `Nothing is published on port ${port}`, `No running container publishes port ${port}. Publish one with docker run -p ${port}:PORT, then reload.`);
    }
    throw new PortUnavailableError(503, "berth is not running", "The preview reaches containers through the berth tab that runs them: open berth in a tab of this browser, start the container, then reload.");
  };
}

async function connectThrough(client: EngineClient, port: number, options: ClientChannelOptions): Promise<Attempt> {
  const channel = new MessageChannel();
  const local = channel.port1;
  const connection = new ChannelConnection(local);
  const answers: PageMessage[] = [];
  let wake: (() => void) | undefined;
  local.onmessage = (event: MessageEvent<PageMessage>) => {
    if (event.data.type === "accepted" || event.data.type === "connected" || event.data.type === "refused") answers.push(event.data);
    else connection.receive(event.data);
    wake?.();
  };
  const nextAnswer = (timeoutMs?: number) =>
    new Promise<PageMessage | undefined>((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => resolve(undefined), timeoutMs);
      const check = () => {
        if (answers.length === 0) return;
        clearTimeout(timer);
        wake = undefined;
        resolve(answers.shift());
      };
      wake = check;
      check();
    });
  client.postMessage({ type: portConnectType, port }, [channel.port2]);
  if ((await nextAnswer(options.answerTimeoutMs ?? 2000))?.type !== "accepted") {
    local.close();
    return "no-answer";
  }
  const answer = await nextAnswer();
  if (answer?.type !== "connected") {
    local.close();
    if (answer?.type === "refused" && answer.notPublished) return "not-published";
    throw new PortUnavailableError(502, `Port ${port} cannot be reached`, answer?.type === "refused" ? answer.message : "the berth tab gave no answer");
  }
  connection.watch(() => options.exists(client.id), options.watchIntervalMs ?? 2000);
  return connection;
}

/** The service worker's end of one connection. */
class ChannelConnection implements PortConnection {
  readonly readable: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  readonly #acks: (() => void)[] = [];
  #readEnded = false;
  #over = false;
  #watch: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly channel: MessagePort) {
    this.readable = new ReadableStream<Uint8Array>({
      start: (controller) => void (this.#controller = controller),
      cancel: () => this.close(),
    });
  }

  receive(message: PageMessage): void {
    switch (message.type) {
      case "data":
        if (!this.#readEnded) this.#controller.enqueue(message.bytes);
        break;
      case "acked":
        this.#acks.shift()?.();
        break;
      case "eof":
        this.#endRead();
        break;
      case "ended":
        this.#endRead();
        this.#finish();
        break;
      case "failed":
        this.#endRead(new Error(message.message));
        this.#finish();
        break;
    }
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.#over) return Promise.reject(new Error("the connection is closed"));
    return new Promise((resolve) => {
      this.#acks.push(resolve);
      this.#send({ type: "data", bytes });
    });
  }

  close(): void {
    if (this.#over) return;
    this.#send({ type: "close" });
    this.#endRead();
    this.#finish();
  }

  /** Fails the connection once `exists` says its client has gone. */
  watch(exists: () => Promise<boolean>, intervalMs: number): void {
    this.#watch = setInterval(() => {
      void exists().then((present) => {
        if (present) return;
        this.#endRead(new Error("the berth tab that ran the engine was closed"));
        this.close();
      });
    }, intervalMs);
  }

  #send(message: WorkerMessage): void {
    this.channel.postMessage(message);
  }

  /** No more bytes come from the container: the readable closes, or errors with `error`. */
  #endRead(error?: Error): void {
    if (this.#readEnded) return;
    this.#readEnded = true;
    try {
      if (error) this.#controller.error(error);
      else this.#controller.close();
    } catch {
      // The reader cancelled the stream already.
    }
  }

  #finish(): void {
    if (this.#over) return;
    this.#over = true;
    clearInterval(this.#watch);
    for (const ack of this.#acks.splice(0)) ack();
    this.channel.close();
  }
}

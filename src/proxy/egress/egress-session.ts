// One client of the egress relay (one WebSocket): WISP streams to the hosts the policy allows, each a
// TCP connection whose bytes pass through untouched (TLS stays end to end). Runtime-neutral: the
// adapter supplies the socket opener and the WebSocket's send and backlog.

import type { EgressPolicy } from "./egress-policy.ts";
import { decodeWispPacket, encodeWispPacket, WispCloseReason, WispStreamType, WispType, type WispPacket } from "./wisp-packets.ts";

export interface EgressSocket {
  write(data: Uint8Array): void;
  /** Bytes written and not yet sent on. */
  readonly bufferedBytes: number;
  pause(): void;
  resume(): void;
  destroy(): void;
}

export interface EgressSocketEvents {
  data(bytes: Uint8Array): void;
  /** Everything written went out. */
  drain(): void;
  /** The connection ended (peer close or error). */
  closed(error?: Error): void;
}

export class EgressConnectError extends Error {
  constructor(
    readonly reason: "refused" | "unreachable" | "timeout",
    message: string,
  ) {
    super(message);
  }
}

/** Connects to a checked address; rejects with EgressConnectError. */
export type OpenEgressSocket = (address: string, port: number, timeoutMs: number, events: EgressSocketEvents) => Promise<EgressSocket>;

export interface EgressLimits {
  /** Streams open at once per client. */
  maxStreams: number;
  /** Bytes both ways per stream, and per client over its whole life. */
  streamBytes: number;
  clientBytes: number;
  /** How long one stream may live. */
  streamLifetimeMs: number;
  connectTimeoutMs: number;
  /** Packets a client may send on a stream before the relay's next CONTINUE. */
  bufferPackets: number;
}

export const defaultEgressLimits: EgressLimits = {
  maxStreams: 64,
  streamBytes: 2 * 1024 ** 3,
  clientBytes: 8 * 1024 ** 3,
  streamLifetimeMs: 30 * 60_000,
  connectTimeoutMs: 10_000,
  bufferPackets: 128,
};

export interface EgressSessionOptions {
  policy: EgressPolicy;
  open: OpenEgressSocket;
  limits?: Partial<EgressLimits>;
  /** Sends one WISP packet to the client. */
  send(message: Uint8Array): void;
  /** Bytes queued towards the client; above a few MiB the relay stops reading from upstream. */
  clientBacklog(): number;
  /** A line for the operator's log (refusals). */
  log?(line: string): void;
}

interface Stream {
  socket?: EgressSocket;
  /** DATA that came before the connection was up (the client may send right after CONNECT). */
  early: Uint8Array[];
  bytes: number;
  /** DATA packets taken since the last CONTINUE. */
  received: number;
  timer: ReturnType<typeof setTimeout>;
  closed: boolean;
}

const CLIENT_BACKLOG_LIMIT = 4 * 1024 * 1024;
const UPSTREAM_BACKLOG_LIMIT = 16 * 1024 * 1024;
const BACKLOG_POLL_MS = 20;

export class EgressSession {
  readonly #streams = new Map<number, Stream>();
  readonly #limits: EgressLimits;
  #bytes = 0;
  #paused = false;
  #ended = false;

  constructor(private readonly options: EgressSessionOptions) {
    this.#limits = { ...defaultEgressLimits, ...options.limits };
    this.#send({ type: WispType.Continue, streamId: 0, bufferRemaining: this.#limits.bufferPackets });
  }

  receive(message: Uint8Array): void {
    if (this.#ended) return;
    const packet = decodeWispPacket(message);
    if (!packet || packet.streamId === 0) return;
    if (packet.type === WispType.Connect) void this.#connect(packet);
    else if (packet.type === WispType.Data) this.#data(packet.streamId, packet.data);
    else if (packet.type === WispType.Close) this.#close(packet.streamId);
  }

  /** The client went away: every stream ends. */
  end(): void {
    this.#ended = true;
    for (const id of [...this.#streams.keys()]) this.#close(id);
  }

  async #connect(packet: Extract<WispPacket, { type: typeof WispType.Connect }>): Promise<void> {
    const { streamId, port, host } = packet;
    if (this.#streams.has(streamId)) return this.#refuse(streamId, WispCloseReason.InvalidInfo, `stream ${streamId} is already open`);
    if (packet.streamType !== WispStreamType.Tcp) return this.#refuse(streamId, WispCloseReason.InvalidInfo, "only TCP streams are relayed");
    if (this.#streams.size >= this.#limits.maxStreams) return this.#refuse(streamId, WispCloseReason.Throttled, "too many open streams");
    const stream: Stream = { early: [], bytes: 0, received: 0, closed: false, timer: setTimeout(() => this.#abort(streamId, WispCloseReason.TransferTimeout), this.#limits.streamLifetimeMs) };
    this.#streams.set(streamId, stream);
    const decision = await this.options.policy.decide(host, port);
    if (stream.closed) return;
    if (!decision.allowed) {
      this.options.log?.(`egress refused ${host}:${port}: ${decision.message}`);
      return this.#abort(streamId, decision.reason === "blocked" ? WispCloseReason.Blocked : WispCloseReason.Unreachable);
    }
    try {
      const socket = await this.options.open(decision.address, port, this.#limits.connectTimeoutMs, {
        data: (bytes) => this.#upstreamData(streamId, bytes),
        drain: () => this.#grantCredit(streamId),
        closed: () => this.#abort(streamId, WispCloseReason.Voluntary),
      });
      if (stream.closed) return socket.destroy();
      stream.socket = socket;
      if (this.#paused) socket.pause();
      for (const data of stream.early.splice(0)) this.#write(streamId, stream, data);
    } catch (error) {
      const reason = error instanceof EgressConnectError ? error.reason : "unreachable";
      this.options.log?.(`egress to ${host}:${port} failed: ${error instanceof Error ? error.message : String(error)}`);
      const code = { refused: WispCloseReason.Refused, unreachable: WispCloseReason.Unreachable, timeout: WispCloseReason.ConnectTimeout }[reason];
      this.#abort(streamId, code);
    }
  }

  #data(streamId: number, data: Uint8Array): void {
    const stream = this.#streams.get(streamId);
    if (!stream || stream.closed) return;
    if (stream.socket) this.#write(streamId, stream, data);
    else if (stream.early.length < this.#limits.bufferPackets) stream.early.push(data);
    else this.#abort(streamId, WispCloseReason.Throttled);
  }

  #write(streamId: number, stream: Stream, data: Uint8Array): void {
    if (!stream.socket || !this.#count(streamId, stream, data.length)) return;
    // A client that ignores its credit would make the relay buffer without bound.
    if (stream.socket.bufferedBytes > UPSTREAM_BACKLOG_LIMIT) return this.#abort(streamId, WispCloseReason.Throttled);
    stream.socket.write(data);
    stream.received += 1;
    if (stream.socket.bufferedBytes === 0) this.#grantCredit(streamId);
  }

  /** Tells the client it may send another buffer's worth once half of the last one has gone out. */
  #grantCredit(streamId: number): void {
    const stream = this.#streams.get(streamId);
    if (!stream || stream.closed || stream.received < this.#limits.bufferPackets / 2) return;
    stream.received = 0;
    this.#send({ type: WispType.Continue, streamId, bufferRemaining: this.#limits.bufferPackets });
  }

  #upstreamData(streamId: number, bytes: Uint8Array): void {
    const stream = this.#streams.get(streamId);
    if (!stream || stream.closed || !this.#count(streamId, stream, bytes.length)) return;
    this.#send({ type: WispType.Data, streamId, data: bytes });
    if (!this.#paused && this.options.clientBacklog() > CLIENT_BACKLOG_LIMIT) this.#pauseUpstream();
  }

  /** Adds to the byte caps; false (and the stream closed) once a cap is passed. */
  #count(streamId: number, stream: Stream, length: number): boolean {
    stream.bytes += length;
    this.#bytes += length;
    if (stream.bytes <= this.#limits.streamBytes && this.#bytes <= this.#limits.clientBytes) return true;
    this.options.log?.(`egress stream ${streamId} closed: byte cap reached`);
    this.#abort(streamId, WispCloseReason.Throttled);
    return false;
  }

  #pauseUpstream(): void {
    this.#paused = true;
    for (const stream of this.#streams.values()) stream.socket?.pause();
    const poll = (): void => {
      if (this.#ended) return;
      if (this.options.clientBacklog() > CLIENT_BACKLOG_LIMIT / 2) {
        setTimeout(poll, BACKLOG_POLL_MS);
        return;
      }
      this.#paused = false;
      for (const stream of this.#streams.values()) stream.socket?.resume();
    };
    setTimeout(poll, BACKLOG_POLL_MS);
  }

  #refuse(streamId: number, reason: number, why: string): void {
    this.options.log?.(`egress stream ${streamId} refused: ${why}`);
    this.#send({ type: WispType.Close, streamId, reason });
  }

  /** Ends a stream from the relay's side and tells the client why. */
  #abort(streamId: number, reason: number): void {
    if (!this.#streams.get(streamId) || this.#streams.get(streamId)?.closed) return;
    this.#close(streamId);
    this.#send({ type: WispType.Close, streamId, reason });
  }

  #close(streamId: number): void {
    const stream = this.#streams.get(streamId);
    if (!stream) return;
    stream.closed = true;
    clearTimeout(stream.timer);
    stream.socket?.destroy();
    this.#streams.delete(streamId);
  }

  #send(packet: WispPacket): void {
    if (!this.#ended) this.options.send(encodeWispPacket(packet));
  }
}

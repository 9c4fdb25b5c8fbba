// The engine's side of the egress relay: one WebSocket to the proxy's /egress carrying many WISP
// streams, opened on first use and again after it drops. Each stream keeps to the credit the relay
// grants (CONTINUE), queueing what it may not send yet.

import { decodeWispPacket, encodeWispPacket, WispCloseReason, WispStreamType, WispType, type WispPacket } from "../../src/proxy/egress/wisp-packets.ts";

/** The part of the WebSocket API used here (the browser's, or Node's `ws`). */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  send(data: Uint8Array): void;
  close(): void;
  addEventListener(type: "open" | "close" | "error", listener: () => void): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}

export interface WispStreamEvents {
  data(bytes: Uint8Array): void;
  /** The stream ended; `reason` is WISP's close reason (Voluntary for a normal end). */
  closed(reason: number): void;
}

export interface WispStream {
  write(bytes: Uint8Array): void;
  close(): void;
}

const OPEN = 1;
/** The most one DATA packet carries. */
const MAX_DATA_BYTES = 64 * 1024;

interface StreamState {
  events: WispStreamEvents;
  credit: number;
  queue: Uint8Array[];
}

export class WispClient {
  #socket: WebSocketLike | undefined;
  #ready: Promise<WebSocketLike> | undefined;
  #bufferPackets = 0;
  #nextId = 1;
  readonly #streams = new Map<number, StreamState>();

  constructor(private readonly connectSocket: () => WebSocketLike) {}

  /** Opens a TCP stream to host:port through the relay; a refusal arrives as `closed`. */
  async open(host: string, port: number, events: WispStreamEvents): Promise<WispStream> {
    const socket = await this.#connection();
    const streamId = this.#nextId++;
    const state: StreamState = { events, credit: this.#bufferPackets, queue: [] };
    this.#streams.set(streamId, state);
    socket.send(encodeWispPacket({ type: WispType.Connect, streamId, streamType: WispStreamType.Tcp, port, host }));
    return {
      write: (bytes) => {
        for (let offset = 0; offset < bytes.length; offset += MAX_DATA_BYTES) state.queue.push(bytes.subarray(offset, offset + MAX_DATA_BYTES));
        this.#flush(streamId);
      },
      close: () => {
        if (!this.#streams.delete(streamId)) return;
        this.#send({ type: WispType.Close, streamId, reason: WispCloseReason.Voluntary });
      },
    };
  }

  #connection(): Promise<WebSocketLike> {
    if (this.#ready && this.#socket?.readyState === OPEN) return this.#ready;
    this.#ready = new Promise((resolve, reject) => {
      const socket = this.connectSocket();
      socket.binaryType = "arraybuffer";
      let opened = false;
      socket.addEventListener("message", ({ data }) => {
        const packet = decodeWispPacket(new Uint8Array(data as ArrayBuffer));
        if (!packet) return;
        // The relay announces its buffer on stream 0 before anything else.
        if (packet.type === WispType.Continue && packet.streamId === 0 && !opened) {
          opened = true;
          this.#socket = socket;
          this.#bufferPackets = packet.bufferRemaining;
          resolve(socket);
          return;
        }
        this.#receive(packet);
      });
      const fail = (): void => {
        if (!opened) reject(new Error("the egress relay cannot be reached"));
        this.#dropped(socket);
      };
      socket.addEventListener("close", fail);
      socket.addEventListener("error", fail);
    });
    this.#ready.catch(() => (this.#ready = undefined));
    return this.#ready;
  }

  #receive(packet: WispPacket): void {
    const state = this.#streams.get(packet.streamId);
    if (!state) return;
    if (packet.type === WispType.Data) state.events.data(packet.data);
    else if (packet.type === WispType.Continue) {
      state.credit = packet.bufferRemaining;
      this.#flush(packet.streamId);
    } else if (packet.type === WispType.Close) {
      this.#streams.delete(packet.streamId);
      state.events.closed(packet.reason);
    }
  }

  #flush(streamId: number): void {
    const state = this.#streams.get(streamId);
    while (state && state.credit > 0 && state.queue.length > 0) {
      state.credit -= 1;
      this.#send({ type: WispType.Data, streamId, data: state.queue.shift()! });
    }
  }

  #send(packet: WispPacket): void {
    if (this.#socket?.readyState === OPEN) this.#socket.send(encodeWispPacket(packet));
  }

  /** The WebSocket is gone: every stream on it ends with a network error. */
  #dropped(socket: WebSocketLike): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    this.#ready = undefined;
    const streams = [...this.#streams.values()];
    this.#streams.clear();
    for (const state of streams) state.events.closed(WispCloseReason.NetworkError);
  }
}

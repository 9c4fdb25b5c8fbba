// A byte channel over one port of v86's virtio-console device.
//
// Guest → host: v86 emits "virtio-console<N>-output-bytes" for every buffer the guest transmits.
// Host → guest: v86's own "…-input-bytes" handler silently drops data when the guest has no
// receive buffer posted, and truncates data larger than the posted buffer. So this module queues
// outgoing bytes and copies them straight into the guest's posted receive buffers, at most one
// page per buffer, retrying on a short timer while none is available.

import type { ByteChannel } from "./byte-channel.ts";
import type { V86Emulator, V86VirtQueue, V86VirtioConsole } from "./v86-surface.ts";

/** The Linux driver posts page-sized receive buffers; never hand over more than that at once. */
export const MAX_DELIVERY_CHUNK = 4096;

/** virtio device status bit: the driver finished setting the device up. */
const DRIVER_OK = 4;

/** Receive queue of a port: 0 for port 0; ports ≥ 1 use queues 2N+2 (receive) and 2N+3 (transmit). */
export function receiveQueueId(port: number): number {
  return port === 0 ? 0 : 2 * port + 2;
}

interface PendingWrite {
  bytes: Uint8Array;
  offset: number;
  resolve(): void;
  reject(error: Error): void;
}

export interface VirtioPortOptions {
  /** How long to wait before retrying when the guest has no receive buffer posted. */
  retryMs?: number;
}

export class VirtioPort implements ByteChannel {
  readonly #emulator: V86Emulator;
  readonly #queueId: number;
  readonly #outputEvent: `virtio-console${number}-output-bytes`;
  readonly #retryMs: number;
  readonly #pending: PendingWrite[] = [];
  #pendingBytes = 0;
  readonly #listeners = new Set<(bytes: Uint8Array) => void>();
  #flushQueued = false;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closed: Error | null = null;

  constructor(emulator: V86Emulator, port: number, options: VirtioPortOptions = {}) {
    if (!Number.isInteger(port) || port < 0) throw new RangeError(`invalid virtio-console port ${port}`);
    this.#emulator = emulator;
    this.#queueId = receiveQueueId(port);
    this.#outputEvent = `virtio-console${port}-output-bytes`;
    this.#retryMs = options.retryMs ?? 2;
    emulator.add_listener(this.#outputEvent, this.#receive);
  }

  /** The bytes are delivered as given, not copied: do not modify them afterwards. */
  write(bytes: Uint8Array): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closed);
    if (bytes.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#pending.push({ bytes, offset: 0, resolve, reject });
      this.#pendingBytes += bytes.length;
      this.#scheduleFlush();
    });
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops receiving and fails every write not yet delivered. */
  close(reason = new Error("virtio port closed")): void {
    if (this.#closed) return;
    this.#closed = reason;
    clearTimeout(this.#retryTimer);
    this.#emulator.remove_listener(this.#outputEvent, this.#receive);
    this.#listeners.clear();
    for (const write of this.#pending.splice(0)) write.reject(reason);
    this.#pendingBytes = 0;
  }

  readonly #receive = (bytes: Uint8Array): void => {
    for (const listener of this.#listeners) listener(bytes);
  };

  // Delivery runs outside the caller's stack: writes often happen inside a v86 device callback.
  #scheduleFlush(): void {
    if (this.#flushQueued || this.#retryTimer !== undefined) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#closed) return;
    const device = this.#emulator.v86?.cpu.devices.virtio_console;
    const queue = device?.virtio.queues[this.#queueId];
    if (device && queue && isAcceptingInput(device, queue)) {
      while (this.#pendingBytes > 0 && queue.has_request()) {
        const chain = queue.pop_request();
        device.Send(this.#queueId, chain, this.#takeChunk(Math.min(MAX_DELIVERY_CHUNK, chain.length_writable)));
      }
    }
    if (this.#pendingBytes > 0) {
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        this.#flush();
      }, this.#retryMs);
    }
  }

  /** Removes up to `limit` bytes from the front of the queue, resolving writes it completes. */
  #takeChunk(limit: number): Uint8Array {
    const chunk = new Uint8Array(Math.min(limit, this.#pendingBytes));
    let filled = 0;
    while (filled < chunk.length) {
      const head = this.#pending[0];
      const take = Math.min(chunk.length - filled, head.bytes.length - head.offset);
      chunk.set(head.bytes.subarray(head.offset, head.offset + take), filled);
      head.offset += take;
      filled += take;
      if (head.offset === head.bytes.length) {
        this.#pending.shift();
        head.resolve();
      }
    }
    this.#pendingBytes -= filled;
    return chunk;
  }
}

function isAcceptingInput(device: V86VirtioConsole, queue: V86VirtQueue): boolean {
  return (device.virtio.device_status & DRIVER_OK) !== 0 && Boolean(queue.is_configured());
}

import { afterEach, describe, expect, it, vi } from "vitest";
import type { V86BufferChain, V86Emulator, V86VirtQueue } from "./v86-surface.ts";
import { MAX_DELIVERY_CHUNK, VirtioPort, receiveQueueId } from "./virtio-port.ts";

/** A receive queue whose posted buffers the test controls. */
class FakeQueue implements V86VirtQueue {
  posted: number[] = [];
  configured = true;
  is_configured() {
    return this.configured;
  }
  has_request() {
    return this.posted.length > 0;
  }
  pop_request(): V86BufferChain {
    const size = this.posted.shift();
    if (size === undefined) throw new Error("popped an empty queue");
    return { length_writable: size };
  }
}

function fakeEmulator() {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const queues = Array.from({ length: 10 }, () => new FakeQueue());
  const delivered: { queueId: number; data: Uint8Array }[] = [];
  const device = {
    virtio: { device_status: 0xf, queues },
    Send(queueId: number, _chain: V86BufferChain, data: Uint8Array) {
      delivered.push({ queueId, data: data.slice() });
    },
  };
  const emulator = {
    add_listener(event: string, listener: (payload: never) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
    },
    remove_listener(event: string, listener: (payload: never) => void) {
      listeners.get(event)?.delete(listener);
    },
    v86: { cpu: { devices: { virtio_console: device } } },
  } as unknown as V86Emulator;
  const emit = (event: string, payload: unknown) => {
    for (const listener of listeners.get(event) ?? []) (listener as (value: unknown) => void)(payload);
  };
  const deliveredBytes = () => Buffer.concat(delivered.map((entry) => entry.data));
  return { emulator, device, queues, delivered, deliveredBytes, emit, listeners };
}

const text = (value: string) => new TextEncoder().encode(value);

afterEach(() => {
  vi.useRealTimers();
});

describe("receiveQueueId", () => {
  it("maps ports to their receive queues", () => {
    expect([0, 1, 2, 3].map(receiveQueueId)).toEqual([0, 4, 6, 8]);
  });
});

describe("VirtioPort", () => {
  it("delivers into posted buffers of the port's receive queue", async () => {
    const fake = fakeEmulator();
    fake.queues[4]!.posted = [4096];
    const port = new VirtioPort(fake.emulator, 1);
    await port.write(text("hello"));
    expect(fake.delivered).toEqual([{ queueId: 4, data: text("hello") }]);
  });

  it("holds data until the guest posts a buffer, then delivers it in order", async () => {
    vi.useFakeTimers();
    const fake = fakeEmulator();
    const port = new VirtioPort(fake.emulator, 2, { retryMs: 5 });
    let done = false;
    void port.write(text("first ")).then(() => (done = true));
    void port.write(text("second"));
    await vi.advanceTimersByTimeAsync(50);
    expect(fake.delivered).toEqual([]);
    expect(done).toBe(false);
    fake.queues[6]!.posted = [4096];
    await vi.advanceTimersByTimeAsync(5);
    expect(done).toBe(true);
    expect(fake.delivered).toEqual([{ queueId: 6, data: text("first second") }]);
  });

  it("splits large writes into chunks no larger than the posted buffers or a page", async () => {
    vi.useFakeTimers();
    const fake = fakeEmulator();
    const port = new VirtioPort(fake.emulator, 1, { retryMs: 1 });
    const data = Uint8Array.from({ length: 20_000 }, (_, i) => i % 251);
    const written = port.write(data);
    fake.queues[4]!.posted = [100, 8192, 4096];
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.delivered.map((entry) => entry.data.length)).toEqual([100, MAX_DELIVERY_CHUNK, 4096]);
    for (let i = 0; i < 5; i++) {
      fake.queues[4]!.posted.push(4096);
      await vi.advanceTimersByTimeAsync(1);
    }
    await written;
    expect(fake.delivered.every((entry) => entry.data.length <= MAX_DELIVERY_CHUNK)).toBe(true);
    expect(new Uint8Array(fake.deliveredBytes())).toEqual(data);
  });

  it("resolves a write only once its last byte was delivered", async () => {
    vi.useFakeTimers();
    const fake = fakeEmulator();
    const port = new VirtioPort(fake.emulator, 1, { retryMs: 1 });
    let done = false;
    void port.write(new Uint8Array(6000)).then(() => (done = true));
    fake.queues[4]!.posted = [4096];
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(false);
    fake.queues[4]!.posted = [4096];
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it("waits while the driver has not configured the queue", async () => {
    vi.useFakeTimers();
    const fake = fakeEmulator();
    fake.queues[4]!.configured = false;
    fake.queues[4]!.posted = [4096];
    const port = new VirtioPort(fake.emulator, 1, { retryMs: 1 });
    void port.write(text("x"));
    await vi.advanceTimersByTimeAsync(10);
    expect(fake.delivered).toEqual([]);
    fake.queues[4]!.configured = true;
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.delivered.length).toBe(1);
  });

  it("waits while the emulator is not instantiated yet", async () => {
    vi.useFakeTimers();
    const fake = fakeEmulator();
    const emulator = fake.emulator as { v86?: unknown };
    const device = emulator.v86;
    delete emulator.v86;
    const port = new VirtioPort(fake.emulator, 1, { retryMs: 1 });
    void port.write(text("x"));
    await vi.advanceTimersByTimeAsync(10);
    emulator.v86 = device;
    fake.queues[4]!.posted = [4096];
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.delivered.length).toBe(1);
  });

  it("passes guest output of its own port to listeners", () => {
    const fake = fakeEmulator();
    const port = new VirtioPort(fake.emulator, 2);
    const received: Uint8Array[] = [];
    const unsubscribe = port.onData((bytes) => received.push(bytes));
    fake.emit("virtio-console2-output-bytes", text("out"));
    fake.emit("virtio-console1-output-bytes", text("other port"));
    unsubscribe();
    fake.emit("virtio-console2-output-bytes", text("after unsubscribe"));
    expect(received).toEqual([text("out")]);
  });

  it("rejects undelivered and later writes after close, and stops listening", async () => {
    const fake = fakeEmulator();
    const port = new VirtioPort(fake.emulator, 1);
    const pending = port.write(text("never delivered"));
    port.close(new Error("gone"));
    await expect(pending).rejects.toThrow("gone");
    await expect(port.write(text("late"))).rejects.toThrow("gone");
    expect(fake.listeners.get("virtio-console1-output-bytes")?.size).toBe(0);
  });
});

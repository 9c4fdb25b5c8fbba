// Bounded capture of the guest's serial console (ttyS0) for diagnostics and crash detection.

/** Lines longer than this are cut when handed to line consumers (the ring keeps every byte). */
const MAX_LINE = 1024;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export class SerialLog {
  readonly #ring: Uint8Array;
  #written = 0;
  #line: number[] = [];
  readonly #decoder = new TextDecoder();

  constructor(capacityBytes = 64 * 1024) {
    this.#ring = new Uint8Array(capacityBytes);
  }

  /** Appends one byte; returns the line it completed (without line ending), if any. */
  push(byte: number): string | undefined {
    this.#ring[this.#written % this.#ring.length] = byte;
    this.#written++;
    if (byte === NEWLINE) {
      const line = this.#decoder.decode(Uint8Array.from(this.#line));
      this.#line = [];
      return line;
    }
    if (byte !== CARRIAGE_RETURN && this.#line.length < MAX_LINE) this.#line.push(byte);
    return undefined;
  }

  /** The most recent output, up to the capacity. */
  text(): string {
    const size = Math.min(this.#written, this.#ring.length);
    const start = this.#written - size;
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = this.#ring[(start + i) % this.#ring.length];
    return this.#decoder.decode(bytes);
  }

  /** The last `count` lines of the captured output. */
  tail(count: number): string {
    const lines = this.text().replace(/\r/g, "").replace(/\n$/, "").split("\n");
    return lines.slice(-count).join("\n");
  }
}

// Output on the wire as Docker writes it: without a TTY each chunk is a frame with an 8-byte header
// (stream 1 or 2, three zero bytes, the payload's length big-endian), so stdout and stderr stay
// apart; with a TTY the stream is raw.

import type { OutputStream } from "../api/engine-api.ts";

export function outputContentType(tty: boolean): string {
  return tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
}

export function outputFrame(stream: OutputStream, data: Uint8Array, tty: boolean): Buffer {
  if (tty) return Buffer.from(data);
  const frame = Buffer.alloc(8 + data.byteLength);
  frame[0] = stream;
  frame.writeUInt32BE(data.byteLength, 4);
  frame.set(data, 8);
  return frame;
}

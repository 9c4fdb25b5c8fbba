// WISP version 1 packets, the framing of the egress relay: many TCP streams over one WebSocket, one
// packet per binary message: u8 type, u32le stream id, payload. The relay speaks the published
// protocol, so any WISP client (v86's among them) can use it.

export const WispType = { Connect: 0x01, Data: 0x02, Continue: 0x03, Close: 0x04 } as const;

export const WispStreamType = { Tcp: 0x01, Udp: 0x02 } as const;

/** CLOSE reasons (WISP's numbering). */
export const WispCloseReason = {
  Unknown: 0x01,
  Voluntary: 0x02,
  NetworkError: 0x03,
  InvalidInfo: 0x41,
  Unreachable: 0x42,
  ConnectTimeout: 0x43,
  Refused: 0x44,
  TransferTimeout: 0x47,
  Blocked: 0x48,
  Throttled: 0x49,
} as const;

export type WispPacket =
  | { type: typeof WispType.Connect; streamId: number; streamType: number; port: number; host: string }
  | { type: typeof WispType.Data; streamId: number; data: Uint8Array }
  | { type: typeof WispType.Continue; streamId: number; bufferRemaining: number }
  | { type: typeof WispType.Close; streamId: number; reason: number };

const HEADER_BYTES = 5;

/** The packet in one WebSocket message, or undefined when it is malformed or of an unknown type. */
export function decodeWispPacket(message: Uint8Array): WispPacket | undefined {
  if (message.length < HEADER_BYTES) return undefined;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const type = message[0];
  const streamId = view.getUint32(1, true);
  const payload = message.subarray(HEADER_BYTES);
  switch (type) {
    case WispType.Connect: {
      if (payload.length < 4) return undefined;
      const host = new TextDecoder("utf-8", { fatal: false }).decode(payload.subarray(3));
      return { type, streamId, streamType: payload[0], port: view.getUint16(HEADER_BYTES + 1, true), host };
    }
    case WispType.Data:
      return { type, streamId, data: payload };
    case WispType.Continue:
      return payload.length < 4 ? undefined : { type, streamId, bufferRemaining: view.getUint32(HEADER_BYTES, true) };
    case WispType.Close:
      return payload.length < 1 ? undefined : { type, streamId, reason: payload[0] };
    default:
      return undefined;
  }
}

export function encodeWispPacket(packet: WispPacket): Uint8Array {
  const payload = payloadOf(packet);
  const message = new Uint8Array(HEADER_BYTES + payload.length);
  message[0] = packet.type;
  new DataView(message.buffer).setUint32(1, packet.streamId, true);
  message.set(payload, HEADER_BYTES);
  return message;
}

function payloadOf(packet: WispPacket): Uint8Array {
  switch (packet.type) {
    case WispType.Connect: {
      const host = new TextEncoder().encode(packet.host);
      const payload = new Uint8Array(3 + host.length);
      payload[0] = packet.streamType;
      new DataView(payload.buffer).setUint16(1, packet.port, true);
      payload.set(host, 3);
      return payload;
    }
    case WispType.Data:
      return packet.data;
    case WispType.Continue: {
      const payload = new Uint8Array(4);
      new DataView(payload.buffer).setUint32(0, packet.bufferRemaining, true);
      return payload;
    }
    case WispType.Close:
      return Uint8Array.of(packet.reason);
  }
}

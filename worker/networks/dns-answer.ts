// The embedded DNS server's answer to one query (Docker's 127.0.0.11 inside each container): names the
// engine knows get their IPv4 addresses, other names NXDOMAIN. A known name asked for another type
// (AAAA, say) gets an empty NOERROR answer, so a resolver does not conclude the name is missing.
// Wire format per RFC 1035; one question per message, as every stub resolver sends.

/** IPv4 addresses of a name (lower case, no trailing dot), or undefined if the name is unknown. */
export type DnsLookup = (name: string) => string[] | undefined;

const HEADER_BYTES = 12;
const TYPE_A = 1;
const CLASS_IN = 1;
/** Docker's embedded DNS answers with this TTL (seconds). */
const ANSWER_TTL = 600;

const RCODE = { noError: 0, formatError: 1, serverFailure: 2, nameError: 3, notImplemented: 4 } as const;

interface Question {
  name: string;
  type: number;
  klass: number;
  /** Offset just past the question in the query. */
  end: number;
}

/**
 * The response to `query`, or undefined when the message is too short to answer at all (no header)
 * or is itself a response.
 */
export function answerDnsQuery(query: Uint8Array, lookup: DnsLookup): Uint8Array | undefined {
  if (query.length < HEADER_BYTES) return undefined;
  const view = new DataView(query.buffer, query.byteOffset, query.byteLength);
  const flags = view.getUint16(2);
  if (flags & 0x8000) return undefined;
  const opcode = (flags >> 11) & 0xf;
  if (opcode !== 0) return reply(query, flags, RCODE.notImplemented);
  if (view.getUint16(4) !== 1) return reply(query, flags, RCODE.formatError);
  const question = readQuestion(query);
  if (!question) return reply(query, flags, RCODE.formatError);
  const addresses = question.klass === CLASS_IN ? lookup(question.name) : undefined;
  if (!addresses) return reply(query, flags, RCODE.nameError, question);
  const records = question.type === TYPE_A ? addresses.map(addressRecord).filter((record) => record !== undefined) : [];
  return reply(query, flags, RCODE.noError, question, records);
}

/**
 * The name a standard query asks about (one question, class IN), which another server could answer;
 * undefined for anything else (answerDnsQuery gives such messages their error answer).
 */
export function standardQueryName(query: Uint8Array): string | undefined {
  if (query.length < HEADER_BYTES) return undefined;
  const view = new DataView(query.buffer, query.byteOffset, query.byteLength);
  const flags = view.getUint16(2);
  if (flags & 0x8000 || ((flags >> 11) & 0xf) !== 0 || view.getUint16(4) !== 1) return undefined;
  const question = readQuestion(query);
  return question?.klass === CLASS_IN ? question.name : undefined;
}

/** SERVFAIL for `query` (with its question when it has a readable one): no server could answer it. */
export function serverFailure(query: Uint8Array): Uint8Array {
  const view = new DataView(query.buffer, query.byteOffset, query.byteLength);
  return reply(query, view.getUint16(2), RCODE.serverFailure, readQuestion(query));
}

function readQuestion(query: Uint8Array): Question | undefined {
  const labels: string[] = [];
  let offset = HEADER_BYTES;
  for (;;) {
    if (offset >= query.length) return undefined;
    const length = query[offset];
    offset += 1;
    if (length === 0) break;
    // A question's name is never compressed; labels are at most 63 bytes.
    if (length > 63 || offset + length > query.length) return undefined;
    labels.push(String.fromCharCode(...query.subarray(offset, offset + length)).toLowerCase());
    offset += length;
  }
  if (offset + 4 > query.length) return undefined;
  const type = (query[offset] << 8) | query[offset + 1];
  const klass = (query[offset + 2] << 8) | query[offset + 3];
  return { name: labels.join("."), type, klass, end: offset + 4 };
}

/** An A record whose name points back at the question (offset 12). */
function addressRecord(address: string): Uint8Array | undefined {
  const octets = address.split(".").map(Number);
  if (octets.length !== 4 || octets.some((octet) => !Number.isInteger(octet) || octet < 0 || octet > 255)) return undefined;
  const record = new Uint8Array(16);
  const view = new DataView(record.buffer);
  view.setUint16(0, 0xc000 | HEADER_BYTES);
  view.setUint16(2, TYPE_A);
  view.setUint16(4, CLASS_IN);
  view.setUint32(6, ANSWER_TTL);
  view.setUint16(10, 4);
  record.set(octets, 12);
  return record;
}

function reply(query: Uint8Array, queryFlags: number, rcode: number, question?: Question, answers: Uint8Array[] = []): Uint8Array {
  const questionBytes = question ? query.subarray(HEADER_BYTES, question.end) : new Uint8Array(0);
  const size = HEADER_BYTES + questionBytes.length + answers.reduce((sum, record) => sum + record.length, 0);
  const message = new Uint8Array(size);
  const view = new DataView(message.buffer);
  view.setUint16(0, (query[0] << 8) | query[1]);
  // QR, the query's opcode and RD, RA (as Docker's embedded server sets it), the rcode.
  view.setUint16(2, 0x8000 | (queryFlags & 0x7900) | 0x0080 | rcode);
  view.setUint16(4, question ? 1 : 0);
  view.setUint16(6, answers.length);
  message.set(questionBytes, HEADER_BYTES);
  let offset = HEADER_BYTES + questionBytes.length;
  for (const record of answers) {
    message.set(record, offset);
    offset += record.length;
  }
  return message;
}

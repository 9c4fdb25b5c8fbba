// Gzip decoding with Node's zlib, for the engine under Node: two to three times faster there than
// Node's DecompressionStream, and it reads concatenated members natively.

import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import type { GzipMemberDecoder } from "./gzip.ts";

const gunzipAsync = promisify(gunzip);

export const nodeGzipDecoder: GzipMemberDecoder = async (data) => new Uint8Array(await gunzipAsync(data));

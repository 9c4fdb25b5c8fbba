// Incremental SHA-256 (FIPS 180-4). Web Crypto only digests a whole buffer at once; blobs arrive as a
// stream of chunks, so the content store hashes them as they come.
//
// Hot-path notes: words are kept as int32 (`| 0`) so V8 never falls back to doubles, the working
// variables live in locals across all the blocks of one update, and whole blocks are read straight
// from the caller's bytes; only a partial tail is copied.

const roundConstants = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const initialState = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const blockBytes = 64;

// The message schedule is scratch space shared by every hasher: compression never yields, so two
// hashers cannot interleave in it. Being a module constant also lets V8 drop its per-round checks.
const schedule = new Int32Array(64);

/** Compresses the whole blocks in bytes[start, end) into state. */
function compress(state: Int32Array, bytes: DataView, start: number, end: number): void {
  const w = schedule;
  const k = roundConstants;
  let h0 = state[0], h1 = state[1], h2 = state[2], h3 = state[3];
  let h4 = state[4], h5 = state[5], h6 = state[6], h7 = state[7];
  for (let offset = start; offset < end; offset += blockBytes) {
    for (let index = 0; index < 16; index++) w[index] = bytes.getInt32(offset + index * 4);
    for (let index = 16; index < 64; index++) {
      const w15 = w[index - 15];
      const w2 = w[index - 2];
      const sigma0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const sigma1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      w[index] = (w[index - 16] + sigma0 + w[index - 7] + sigma1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let index = 0; index < 64; index++) {
      const sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const choice = g ^ (e & (f ^ g));
      const temp1 = (h + sum1 + choice + k[index] + w[index]) | 0;
      const sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const majority = (a & b) | (c & (a | b));
      h = g;
      g = f;
      f = e;
      e = (d + temp1) | 0;
      d = c;
      c = b;
      b = a;
      a = (temp1 + sum0 + majority) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
    h5 = (h5 + f) | 0;
    h6 = (h6 + g) | 0;
    h7 = (h7 + h) | 0;
  }
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
  state[4] = h4;
  state[5] = h5;
  state[6] = h6;
  state[7] = h7;
}

export class Sha256 {
  readonly #state = new Int32Array(initialState);
  /** Bytes of an unfinished block, carried over to the next update. */
  readonly #pending = new Uint8Array(blockBytes);
  readonly #pendingView = new DataView(this.#pending.buffer);
  #pendingLength = 0;
  #totalBytes = 0;
  #finished = false;

  update(data: Uint8Array): this {
    if (this.#finished) throw new Error("Sha256: update after digest");
    const length = data.length;
    this.#totalBytes += length;
    let position = 0;
    if (this.#pendingLength > 0) {
      const taken = Math.min(blockBytes - this.#pendingLength, length);
      this.#pending.set(data.subarray(0, taken), this.#pendingLength);
      this.#pendingLength += taken;
      position = taken;
      if (this.#pendingLength < blockBytes) return this;
      compress(this.#state, this.#pendingView, 0, blockBytes);
      this.#pendingLength = 0;
    }
    const wholeBlocksEnd = length - ((length - position) % blockBytes);
    if (wholeBlocksEnd > position) {
      compress(this.#state, new DataView(data.buffer, data.byteOffset, length), position, wholeBlocksEnd);
    }
    this.#pending.set(data.subarray(wholeBlocksEnd));
    this.#pendingLength = length - wholeBlocksEnd;
    return this;
  }

  /** The digest in the OCI form "sha256:<hex>". The hasher cannot be updated afterwards. */
  digest(): string {
    if (this.#finished) throw new Error("Sha256: digest called twice");
    const bitLength = this.#totalBytes * 8;
    // Padding: a 1 bit, zeros up to 56 bytes mod 64, then the length as a 64-bit big-endian number.
    const paddingLength = (this.#pendingLength < 56 ? 56 : 120) - this.#pendingLength;
    const trailer = new Uint8Array(paddingLength + 8);
    trailer[0] = 0x80;
    const view = new DataView(trailer.buffer);
    view.setUint32(paddingLength, Math.floor(bitLength / 2 ** 32));
    view.setUint32(paddingLength + 4, bitLength >>> 0);
    this.update(trailer);
    this.#finished = true;
    let hex = "";
    for (const word of this.#state) hex += (word >>> 0).toString(16).padStart(8, "0");
    return `sha256:${hex}`;
  }
}

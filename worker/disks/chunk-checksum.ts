// A fast non-cryptographic 32-bit checksum of a disk chunk, to find chunks the storage corrupted
// (not to resist forgery). It runs on the worker thread the emulator shares, so it works a 32-bit
// word at a time, in two lanes (even and odd words) that the CPU runs side by side: about 20 µs
// for 64 KiB. Each step of a lane (xor in the word, multiply by an odd constant, rotate) is a
// bijection of the lane's state, and so are the steps that fold the lanes together and the final
// avalanche, so changing any one word always changes the result. The rotation carries a word's
// high bits down, so that flips of the top bit of two words do not cancel out as with
// multiplications alone.

const wordFactor = 0x9e3779b1;

function step(state: number, word: number): number {
  const mixed = Math.imul(state ^ word, wordFactor);
  return (mixed << 15) | (mixed >>> 17);
}

/** The bytes as 32-bit words in the platform's byte order (little-endian wherever berth runs); a tail shorter than a word is left out. */
export function wordsOf(bytes: Uint8Array): Uint32Array {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
}

export function chunkChecksum(bytes: Uint8Array): number {
  const words = wordsOf(bytes);
  let even = bytes.length ^ 0x6a09e667;
  let odd = 0xbb67ae85;
  const pairsEnd = words.length & ~1;
  for (let index = 0; index < pairsEnd; index += 2) {
    // Written out rather than through step(): this loop is the whole cost.
    even = Math.imul(even ^ words[index]!, wordFactor);
    even = (even << 15) | (even >>> 17);
    odd = Math.imul(odd ^ words[index + 1]!, wordFactor);
    odd = (odd << 15) | (odd >>> 17);
  }
  if (pairsEnd < words.length) even = step(even, words[pairsEnd]!);
  for (let index = words.length * 4; index < bytes.length; index++) even = step(even, bytes[index]!);
  // Not even ^ odd: the same flip at the end of both lanes would cancel out.
  let hash = step(step(even, 0), odd);
  // The avalanche of MurmurHash3 (fmix32).
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

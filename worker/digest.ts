// Content digests in the OCI form "sha256:<64 lowercase hex>", computed with Web Crypto (present
// in browsers, workers and Node alike).

const hexByByte = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

export const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

export async function sha256Digest(data: Uint8Array): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  let hex = "";
  for (const byte of hash) hex += hexByByte[byte];
  return `sha256:${hex}`;
}

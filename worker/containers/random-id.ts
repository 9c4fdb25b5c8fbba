// Random ids in Docker's form: 64 lowercase hex characters, for containers and exec instances.

export function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeSharePayload, encodeSharePayload, fromBase64Url, shareFileBudget, toBase64Url, type SharePayload } from "./share-payload.ts";

const text = (value: string) => new TextEncoder().encode(value);

/** Fragment text for any JSON value, deflated as a real link is (with Node's own zlib). */
const linkOf = (value: unknown) => toBase64Url(deflateRawSync(Buffer.from(JSON.stringify(value))));
const fileEntry = (path: string, extra: Record<string, unknown> = {}) => ({ path, mode: 0o644, text: "x", ...extra });

describe("the share payload", () => {
  it("carries history and files, text and binary, and comes back the same", async () => {
    const binary = new Uint8Array([0, 255, 128, 10, 0xc3]);
    const payload: SharePayload = {
      history: ["cat > app/Dockerfile <<'EOF'\nFROM busybox\nEOF", "docker build -t demo app", "ls -l"],
      files: [
        { path: "/app/Dockerfile", mode: 0o644, data: text("FROM busybox\nCMD echo é\n") },
        { path: "/bin.dat", mode: 0o755, data: binary },
        { path: "/empty", mode: 0o600, data: new Uint8Array(0) },
      ],
    };
    const encoded = await encodeSharePayload(payload);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await decodeSharePayload(encoded)).toEqual(payload);
  });

  it("is deflated: repetitive content makes a short link", async () => {
    const encoded = await encodeSharePayload({ history: [], files: [{ path: "/big.txt", mode: 0o644, data: text("hello world\n".repeat(4000)) }] });
    expect(encoded.length).toBeLessThan(2000);
  });

  it("reads what Node's zlib deflated, so the format is plain raw deflate", async () => {
    const decoded = await decodeSharePayload(linkOf({ v: 1, history: ["pwd"], files: [fileEntry("/a")] }));
    expect(decoded).toEqual({ history: ["pwd"], files: [{ path: "/a", mode: 0o644, data: text("x") }] });
  });
});

describe("a malformed or hostile shared session is refused whole", () => {
  const refused = (encoded: string, reason: RegExp) =>
    expect(decodeSharePayload(encoded)).rejects.toMatchObject({ code: "invalid", message: expect.stringMatching(reason) });

  it("refuses text that is not base64url", async () => {
    await refused("abc$def", /not valid base64url/);
    await refused("ab+/", /not valid base64url/);
    await refused("ab cd", /not valid base64url/);
    await refused("abcde", /not valid base64url/);
    expect(() => fromBase64Url("a")).toThrow(/base64url/);
  });

  it("refuses data that does not inflate", async () => {
    await refused(toBase64Url(new Uint8Array([0xff, 0xff, 0xff, 0x00, 0x12, 0x34, 0x56])), /not deflate-compressed/);
    const whole = deflateRawSync(Buffer.from(JSON.stringify({ v: 1, history: [], files: [] })));
    await refused(toBase64Url(whole.subarray(0, whole.length - 3)), /not deflate-compressed/);
  });

  it("stops inflating a small link that would grow huge (a deflate bomb)", async () => {
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    const encoded = toBase64Url(bomb);
    expect(encoded.length).toBeLessThan(120_000);
    await refused(encoded, /inflates to more than/);
  });

  it("refuses a fragment that is too long to read at all", async () => {
    await refused("A".repeat(300_000), /longer than/);
  });

  it("refuses content that is not a shared session", async () => {
    await refused(toBase64Url(deflateRawSync(Buffer.from("not json"))), /not a shared session/);
    await refused(toBase64Url(deflateRawSync(Buffer.from([0xff, 0xfe, 0x22]))), /not a shared session/);
    await refused(linkOf([1, 2]), /not a shared session/);
    await refused(linkOf({ v: 2, history: [], files: [] }), /of this version/);
    await refused(linkOf({ v: 1, history: "ls", files: [] }), /not a shared session/);
    await refused(linkOf({ v: 1, history: [42], files: [] }), /must be text/);
  });

  it("refuses a history with control characters or beyond its budget", async () => {
    await refused(linkOf({ v: 1, history: ["echo hi\x1b]0;owned\x07"], files: [] }), /control character/);
    await refused(linkOf({ v: 1, history: Array.from({ length: 20 }, () => "x".repeat(2000)), files: [] }), /history is longer than/);
  });

  it("refuses paths that are not plain absolute workspace paths", async () => {
    for (const path of ["../etc/passwd", "/app/../../etc/passwd", "/..", "relative", "/a//b", "/./a", "/a/", "/", "", "/a\x00b", "/a\nb"]) {
      await refused(linkOf({ v: 1, history: [], files: [fileEntry(path)] }), /not a plain absolute path/);
    }
    await refused(linkOf({ v: 1, history: [], files: [{ mode: 0o644, text: "x" }] }), /has no path/);
  });

  it("refuses bad modes, missing or double content, the same path twice, and files over the budget", async () => {
    await refused(linkOf({ v: 1, history: [], files: [fileEntry("/a", { mode: 0o4755 })] }), /bad mode/);
    await refused(linkOf({ v: 1, history: [], files: [fileEntry("/a", { mode: "644" })] }), /bad mode/);
    await refused(linkOf({ v: 1, history: [], files: [{ path: "/a", mode: 0o644 }] }), /no content/);
    await refused(linkOf({ v: 1, history: [], files: [fileEntry("/a", { base64: "AA" })] }), /no content/);
    await refused(linkOf({ v: 1, history: [], files: [fileEntry("/a", { text: undefined, base64: "A*" })] }), /base64url/);
    await refused(linkOf({ v: 1, history: [], files: [fileEntry("/a"), fileEntry("/a")] }), /\/a twice/);
    const half = "y".repeat(shareFileBudget / 2 + 1);
    await refused(linkOf({ v: 1, history: [], files: [fileEntry("/a", { text: half }), fileEntry("/b", { text: half })] }), /add up to more than/);
  });
});

// What egress is for, in the page, typed as a person would, with every remote party on this machine:
// apt-get in a Debian container updates from and installs from a Debian mirror (a few real bookworm
// i386 packages indexed by dpkg-scanpackages, served over plain HTTP) through the proxy's relay; and
// an image built in the page to trust a test CA fetches a page over HTTPS from a TLS server whose
// certificate names host.docker.internal, verified end to end, while the bytes the relay handed on
// at the TCP level (recorded in front of the TLS server) carry nothing of the request or the page in
// the clear. Both servers are reached as host.docker.internal on the ports the operator allows.

import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { connect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFixtures } from "../fixtures/build-fixtures.ts";
import { ensureDebianMirror, serveDebianMirror, type MirrorServer } from "../fixtures/debian-mirror.ts";
import { makeCertificates } from "../integration/tls-certificates.ts";
import { startLocalRegistry } from "../registry/local-registry.ts";
import { pushFixtures } from "../registry/push-fixtures.ts";
import type { RunningApp } from "./app-server.ts";
import { openAppPage } from "./page-session.ts";
import { clearScreen, outputLines as lines, runCommand, typeLine, waitForPrompt, waitForScreen } from "./terminal-driver.ts";

let registry: Awaited<ReturnType<typeof startLocalRegistry>>;
let mirror: MirrorServer;
let tls: HttpsServer;
let tlsFront: TcpServer;
let tlsPort: number;
let app: RunningApp;
let browser: BrowserContext;
let page: Page;
let local: string;
const certificateDirectory = mkdtempSync(join(tmpdir(), "berth-egress-tls-"));

/** What crossed the TCP connections to the TLS server, each direction as the relay handed it on. */
const wire = { toServer: [] as Buffer[], toClient: [] as Buffer[] };
/** The request lines the TLS server read once it had decrypted them. */
const decryptedRequests: string[] = [];
/** A page no one could guess, so finding it (or not) in a byte stream means something. */
const secret = `berth-${randomBytes(12).toString("hex")}`;

const run = (line: string, timeoutMs = 120_000) => runCommand(page, line, timeoutMs);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/** Sets environment variables while `action` runs (the app server reads them as it starts). */
async function withEnvironment<T>(variables: Record<string, string>, action: () => Promise<T>): Promise<T> {
  const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return await action();
  } finally {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The TLS server on an ephemeral loopback port, and a TCP server in front of it recording the raw bytes. */
async function startTlsServer(): Promise<void> {
  const certificates = makeCertificates(certificateDirectory, "host.docker.internal");
  tls = createHttpsServer({ cert: await readFile(certificates.serverCert), key: await readFile(certificates.serverKey) }, (request, response) => {
    decryptedRequests.push(`${request.method} ${request.url} HTTP/${request.httpVersion}`);
    response.setHeader("content-type", "text/plain");
    response.end(`${secret}\n`);
  });
  await new Promise<void>((listening) => tls.listen(0, "127.0.0.1", listening));
  const tlsAddress = tls.address() as AddressInfo;
  tlsFront = createTcpServer((client) => {
    const server = connect(tlsAddress.port, "127.0.0.1");
    client.on("data", (bytes: Buffer) => void wire.toServer.push(bytes));
    server.on("data", (bytes: Buffer) => void wire.toClient.push(bytes));
    client.pipe(server).on("error", () => client.destroy());
    server.pipe(client).on("error", () => server.destroy());
    client.on("error", () => server.destroy());
    server.on("error", () => client.destroy());
  });
  await new Promise<void>((listening) => tlsFront.listen(0, "127.0.0.1", listening));
  tlsPort = (tlsFront.address() as AddressInfo).port;
}

beforeAll(async () => {
  const fixtures = await ensureFixtures();
  registry = await startLocalRegistry();
  await pushFixtures(registry.url, fixtures);
  local = registry.host;
  mirror = await serveDebianMirror(await ensureDebianMirror());
  await startTlsServer();
  const allowEgress = [`host.docker.internal:${mirror.port}`, `host.docker.internal:${tlsPort}`].join(",");
  ({ app, browser, page } = await withEnvironment({ BERTH_ALLOW_REGISTRIES: registry.host, BERTH_ALLOW_EGRESS: allowEgress }, () => openAppPage()));
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await registry?.close();
  await mirror?.close();
  tlsFront?.close();
  tls?.close();
  await rm(certificateDirectory, { recursive: true, force: true });
});

describe("packages and HTTPS from containers through the relay", () => {
  it("installs packages with apt-get from a loopback Debian mirror and runs them", async () => {
    expect(await run(`docker pull ${local}/debian`, 300_000)).toMatch(/Status: Downloaded newer image for 127\.0\.0\.1:\d+\/debian:latest/);
    const source = `deb [trusted=yes] http://host.docker.internal:${mirror.port}/ ./`;
    const started = performance.now();
    // apt's own output is long; the lines that say what it fetched and set up are kept.
    const output = await run(
      `docker run --rm ${local}/debian sh -c 'echo "${source}" > /etc/apt/sources.list && rm -f /etc/apt/sources.list.d/* && ` +
        "apt-get update -q > /tmp/update.log && apt-get install -y -q jq hello > /tmp/install.log && " +
        `grep -h -E "^(Get|Setting up)" /tmp/update.log /tmp/install.log && hello && echo 41 | jq .+1'`,
      600_000,
    );
    console.log(`apt-get update and install of jq and hello in the page's guest: ${seconds(started)} s`);
    const printed = lines(output);
    expect(printed).toContainEqual(expect.stringMatching(new RegExp(`^Get:\\d+ http://host\\.docker\\.internal:${mirror.port} \\./ Packages`)));
    for (const name of ["hello", "jq", "libjq1", "libonig5"]) expect(printed).toContainEqual(expect.stringMatching(new RegExp(`^Setting up ${name}(:i386)? \\(`)));
    expect(printed.slice(-2)).toEqual(["Hello, world!", "42"]);
    // Every package came from the mirror on this machine.
    const fetched = mirror.requests.filter((path) => path.endsWith(".deb")).map((path) => path.split("/").pop());
    expect(fetched.sort()).toEqual((await ensureDebianMirror()).debs);
  }, 900_000);

  it("fetches a page over HTTPS, verified against a CA the image trusts, and the relay carries only ciphertext", async () => {
    await run("mkdir -p trusting");
    await run("cd trusting");
    // The CA's certificate goes into the workspace as a person would add a file: the Upload button.
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await (await chooser).setFiles(join(certificateDirectory, "ca.pem"));
    await waitForScreen(page, /Uploaded 1 file to ~\/trusting/, 60_000);
    await clearScreen(page);
    await typeLine(page, "cat > Dockerfile <<'EOF'");
    // GnuTLS (apt's https method) trusts the certificates in Debian's bundle file.
    for (const line of [`FROM ${local}/debian`, "COPY ca.pem /etc/ssl/certs/ca-certificates.crt"]) await typeLine(page, line);
    await typeLine(page, "EOF");
    await waitForPrompt(page);
    expect(await run("docker build -t trusting .", 600_000)).toMatch(/Successfully tagged trusting:latest/);
    await run("cd ..");

    const url = `https://host.docker.internal:${tlsPort}/greeting`;
    const fetchWith = (image: string) => run(`docker run --rm ${image} sh -c '/usr/lib/apt/apt-helper download-file ${url} /tmp/page && cat /tmp/page'`, 300_000);
    // Without the CA the client refuses the server: the check below is a real verification.
    const untrusted = (await fetchWith(`${local}/debian`)).replace(/\n/g, "");
    expect(untrusted).toMatch(/Certificate verification failed: The certificate is NOT trusted/);
    expect(untrusted).toContain("exit status 100");
    expect(untrusted).not.toContain(secret);

    const started = performance.now();
    expect(lines(await fetchWith("trusting"))).toContain(secret);
    console.log(`HTTPS fetch through the relay in the page's guest: ${seconds(started)} s`);
    expect(decryptedRequests).toContain("GET /greeting HTTP/1.1");

    const toServer = Buffer.concat(wire.toServer);
    const toClient = Buffer.concat(wire.toClient);
    // A TLS handshake record opened the stream; neither the request nor the page crossed in the clear.
    expect(toServer[0]).toBe(0x16);
    expect(toServer.includes("GET /greeting")).toBe(false);
    expect(toServer.includes("HTTP/1.1")).toBe(false);
    expect(toClient.includes(secret)).toBe(false);
    expect(toClient.includes("HTTP/1.1 200")).toBe(false);
  }, 900_000);
});

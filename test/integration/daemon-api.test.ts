// berth daemon's HTTP API with a second, independent client (dockerode) and with bad input: broken
// JSON, huge bodies, clients that hang up mid-attach and mid-pull, many requests at once. Each gets
// Docker's answer or is cleaned up, and the daemon keeps serving.

import Docker from "dockerode";
import { request as httpRequest } from "node:http";
import { connect } from "node:net";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalRegistry } from "../registry/local-registry.ts";
import { startTestbed, type DaemonProcess, type DaemonTestbed } from "./daemon-process.ts";

let testbed: DaemonTestbed;
let daemon: DaemonProcess;
let registry: LocalRegistry;
let client: Docker;

beforeAll(async () => {
  testbed = await startTestbed();
  ({ daemon, registry } = testbed);
  client = new Docker({ socketPath: daemon.socket.slice("unix://".length) });
}, 300_000);

afterAll(async () => {
  await testbed?.close();
}, 60_000);

interface Answer {
  status: number;
  body: string;
}

/** One request over the daemon's TCP socket. */
function call(method: string, path: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${daemon.url}${path}`, { method, headers: { "Content-Type": "application/json", ...headers } }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

async function stillServing(): Promise<void> {
  expect(await call("GET", "/_ping")).toEqual({ status: 200, body: "OK" });
}

describe("dockerode against berth daemon", { timeout: 120_000 }, () => {
  it("pulls, creates, attaches, starts, waits for and removes a container", async () => {
    const reference = `${registry.host}/busybox:latest`;
    const progress = await client.pull(reference);
    const messages = await new Promise<{ status?: string }[]>((resolve, reject) => client.modem.followProgress(progress, (error, output) => (error ? reject(error) : resolve(output))));
    expect(messages.map((message) => message.status)).toContain(`Status: Downloaded newer image for ${reference}`);

    const container = await client.createContainer({ Image: reference, Cmd: ["sh", "-c", "echo to-out; echo to-err >&2; exit 3"] });
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    let err = "";
    stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    container.modem.demuxStream(stream, stdout, stderr);
    const ended = new Promise((resolve) => stream.on("end", resolve));
    await container.start();
    expect(await container.wait()).toEqual({ StatusCode: 3 });
    await ended;
    expect({ out, err }).toEqual({ out: "to-out\n", err: "to-err\n" });
    await container.remove();
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("bad input", { timeout: 120_000 }, () => {
  it("answers malformed JSON with 400 and Docker's message shape", async () => {
    const answer = await call("POST", "/v1.50/containers/create", "{not json");
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ message: expect.stringContaining("invalid JSON") });
    await stillServing();
  });

  it("ignores unknown fields, as Docker does", async () => {
    const answer = await call("POST", "/v1.50/containers/create", JSON.stringify({ Image: "busybox", Cmd: ["true"], NoSuchField: { deep: [1, 2] } }));
    expect(answer.status).toBe(201);
    const { Id } = JSON.parse(answer.body) as { Id: string };
    expect((await call("DELETE", `/v1.50/containers/${Id}`)).status).toBe(204);
  });

  it("refuses a huge body without reading it all", async () => {
    const answer = await call("POST", "/v1.50/containers/create", Buffer.alloc(8 * 1024 * 1024, 0x20));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ message: expect.stringContaining("too large") });
    await stillServing();
  });

  it("answers unknown routes, unknown objects and unsupported versions as Docker does", async () => {
    expect(await call("GET", "/v1.50/no/such/route")).toEqual({ status: 404, body: JSON.stringify({ message: "page not found" }) });
    expect(await call("GET", "/v1.50/containers/nope/json")).toEqual({ status: 404, body: JSON.stringify({ message: "No such container: nope" }) });
    const tooNew = await call("GET", "/v1.99/version");
    expect(tooNew.status).toBe(400);
    expect(JSON.parse(tooNew.body)).toEqual({ message: "client version 1.99 is too new. Maximum supported API version is 1.50" });
    expect((await call("GET", "/v1.24/version")).status).toBe(200);
  });

  it("survives a client that hangs up mid-attach; the container keeps running", async () => {
    const created = JSON.parse((await call("POST", "/v1.50/containers/create", JSON.stringify({ Image: "busybox", Cmd: ["sh", "-c", "while true; do echo tick; sleep 1; done"] }))).body) as { Id: string };
    expect((await call("POST", `/v1.50/containers/${created.Id}/start`)).status).toBe(204);
    const socket = connect(Number(new URL(daemon.url).port), "127.0.0.1");
    const firstOutput = new Promise<string>((resolve) => {
      let received = "";
      socket.on("data", (chunk: Buffer) => {
        received += chunk.toString("latin1");
        if (received.includes("tick")) resolve(received);
      });
    });
    socket.write(`POST /v1.50/containers/${created.Id}/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\nHost: daemon\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`);
    expect(await firstOutput).toMatch(/^HTTP\/1\.1 101 UPGRADED\r\n/);
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const state = JSON.parse((await call("GET", `/v1.50/containers/${created.Id}/json`)).body) as { State: { Running: boolean } };
    expect(state.State.Running).toBe(true);
    expect((await call("DELETE", `/v1.50/containers/${created.Id}?force=1`)).status).toBe(204);
  });

  it("survives a client that hangs up mid-pull, and a later pull completes", async () => {
    const reference = `${registry.host}/debian:latest`;
    await new Promise<void>((resolve, reject) => {
      const outgoing = httpRequest(`${daemon.url}/v1.50/images/create?fromImage=${encodeURIComponent(reference)}`, { method: "POST" }, (response) => {
        response.once("data", () => {
          outgoing.destroy();
          resolve();
        });
      });
      outgoing.on("error", () => undefined);
      outgoing.once("error", reject);
      outgoing.end();
    });
    await stillServing();
    const again = await call("POST", `/v1.50/images/create?fromImage=${encodeURIComponent(reference)}`);
    expect(again.status).toBe(200);
    const lines = again.body.trim().split("\n").map((line) => JSON.parse(line) as { status?: string; error?: string });
    expect(lines.filter((line) => line.error)).toEqual([]);
    expect(lines.at(-1)?.status).toMatch(/^Status: (Downloaded newer image|Image is up to date) for /);
    const inspect = await call("GET", `/v1.50/images/${encodeURIComponent(reference)}/json`);
    expect(inspect.status).toBe(200);
  }, 120_000);

  it("serves 100 concurrent requests", async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, (_, index) => call("GET", index % 2 ? "/v1.50/containers/json?all=1" : "/v1.50/images/json")));
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 100 }, () => 200));
    await stillServing();
  });
});

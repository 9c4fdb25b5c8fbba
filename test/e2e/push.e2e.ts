// Logging in and pushing from the page, typed as a person would: Debian's docker-registry on loopback
// asks for a login (htpasswd); the password is typed at the prompt and never shown; the image goes up
// through the registry proxy, is removed, pulled back and run. A registry that refuses writes (the
// fault front answering 503) gives Docker's message, and the page goes on working.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { startFaultRegistry } from "../registry/fault-registry.ts";
import { REGISTRY_LOGIN, startLocalRegistry } from "../registry/local-registry.ts";
import type { RunningApp } from "./app-server.ts";
import { openAppPage } from "./page-session.ts";
import { clearScreen, commandFinished, runCommand, screenText, typeLine, waitForScreen } from "./terminal-driver.ts";

type Started<T extends (...args: never[]) => unknown> = Awaited<ReturnType<T>>;

let secured: Started<typeof startLocalRegistry>;
let open: Started<typeof startLocalRegistry>;
let faults: Started<typeof startFaultRegistry>;
let app: RunningApp;
let browser: BrowserContext;
let page: Page;

const run = (line: string, timeoutMs = 180_000) => runCommand(page, line, timeoutMs);
const lines = (output: string) => output.split("\n").map((line) => line.trim());

beforeAll(async () => {
  [secured, open] = await Promise.all([startLocalRegistry({ auth: true }), startLocalRegistry()]);
  faults = await startFaultRegistry(open.url);
  process.env.BERTH_ALLOW_REGISTRIES = `${secured.host},${faults.host}`;
  ({ app, browser, page } = await openAppPage());
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await faults?.stop();
  await Promise.all([secured?.close(), open?.close()]);
});

/** Answers the prompt the screen shows next by typing `text` and Enter. */
async function answer(prompt: string, text: string): Promise<void> {
  await waitForScreen(page, (screen) => screen.trimEnd().endsWith(prompt));
  await typeLine(page, text);
}

describe("docker login and docker push in the page", () => {
  it("logs in with the password typed but never shown", async () => {
    await clearScreen(page);
    const line = `docker login ${secured.host}`;
    await typeLine(page, line);
    await answer("Username:", REGISTRY_LOGIN.username);
    await answer("Password:", REGISTRY_LOGIN.password);
    const screen = await waitForScreen(page, (text) => commandFinished(text, line), 60_000);
    expect(screen).toContain("Login Succeeded");
    expect(screen).not.toContain(REGISTRY_LOGIN.password);
  });

  it("refuses a wrong password in Docker's words", async () => {
    const output = await run(`docker login -u ${REGISTRY_LOGIN.username} -p wrong ${secured.host}`);
    expect(output.replace(/\n/g, "")).toMatch(/Error response from daemon: Get ".*\/v2\/": unauthorized: authentication required/);
  });

  it("tags busybox, pushes it with Docker's progress, removes it, pulls it back and runs it", async () => {
    const image = `${secured.host}/me/box`;
    expect(await run(`docker tag busybox ${image}`)).not.toMatch(/Error|invalid/);
    const pushed = await run(`docker push ${image}`);
    expect(pushed).toContain("Using default tag: latest");
    expect(pushed).toContain(`The push refers to repository [${image}]`);
    expect(pushed).toMatch(/[0-9a-f]{12}: Pushed/);
    expect(pushed).toMatch(/latest: digest: sha256:[0-9a-f]{64} size: \d+/);
    expect(await run(`docker rmi ${image}`)).toContain(`Untagged: ${image}:latest`);
    const pulled = await run(`docker pull ${image}`);
    expect(pulled).toContain(`Status: Downloaded newer image for ${image}:latest`);
    expect(lines(await run(`docker run --rm ${image} echo ok`))).toContain("ok");
  });

  it("reports a registry that refuses the upload, and the page goes on", async () => {
    const image = `${faults.host}/unavailable/box`;
    await run(`docker tag busybox ${image}`);
    const output = await run(`docker push ${image}`);
    expect(output).toContain("received unexpected HTTP status: 503 Service Unavailable");
    expect(output).not.toMatch(/: Pushed/);
    expect(lines(await run("docker run --rm busybox echo still-here"))).toContain("still-here");
  });

  it("logs out, after which a push is refused", async () => {
    expect(await run(`docker logout ${secured.host}`)).toContain(`Removing login credentials for ${secured.host}`);
    const output = await run(`docker push ${secured.host}/me/box`);
    expect(output).toContain("no basic auth credentials");
    expect(await screenText(page)).not.toContain(REGISTRY_LOGIN.password);
  });
});

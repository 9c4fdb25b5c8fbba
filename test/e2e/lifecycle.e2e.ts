// Containers that live, driven through the page as a person would: detached containers, exec,
// logs, stop and start, limits, restart policies, `-it` resizing, detaching and attaching, cp
// through the page's downloads and uploads, events, reloads, and recovery from a guest kernel panic.

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { RunningApp } from "./app-server.ts";
import { openAppPage } from "./page-session.ts";
import { clearScreen, outputLines as lines, runCommand, screenText, typeLine, waitForPrompt, waitForScreen } from "./terminal-driver.ts";

let app: RunningApp;
let browser: BrowserContext;
let page: Page;

const run = (line: string, timeoutMs?: number) => runCommand(page, line, timeoutMs);

beforeAll(async () => {
  ({ app, browser, page } = await openAppPage("?test-hooks"));
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("containers that live", () => {
  it("runs the detached lifecycle: run -d, ps, exec, logs, stop, start, rm -f", async () => {
    const id = lines(await run("docker run -d --name web busybox sh -c 'echo serving; sleep 1000'"))[0];
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(await run("docker ps")).toMatch(new RegExp(`${id.slice(0, 12)}\\s+busybox\\s+"sh -c 'echo serving…"\\s+.+\\s+Up .+\\s+web`));
    const processes = await run("docker exec web ps");
    expect(processes).toMatch(/PID\s+USER\s+COMMAND/);
    expect(processes).toMatch(/sleep 1000/);
    expect(lines(await run("docker logs web"))).toContain("serving");
    const stopStarted = Date.now();
    expect(lines(await run("docker stop -t 2 web"))).toContain("web");
    expect(Date.now() - stopStarted).toBeLessThan(15_000);
    expect(lines(await run("docker ps -a --filter name=web --format '{{.Names}}: {{.Status}}'"))).toEqual([expect.stringMatching(/^web: Exited \((137|143)\) /)]);
    expect(lines(await run("docker start web"))).toContain("web");
    expect(lines(await run("docker ps --format '{{.Names}}: {{.Status}}'"))).toContainEqual(expect.stringMatching(/^web: Up /));
    expect(lines(await run("docker rm -f web"))).toContain("web");
    expect(await run("docker ps -a")).not.toMatch(/\bweb\b/);
  });

  it("keeps a stopped container's logs and state across a reload", async () => {
    await run("docker run --name kept busybox sh -c 'echo line one; echo line two; exit 5'");
    await page.reload();
    await waitForScreen(page, /Guest ready: snapshot restore in [\d.]+ s/, 60_000);
    await waitForPrompt(page);
    expect(lines(await run("docker logs kept"))).toEqual(["line one", "line two"]);
    expect(lines(await run("docker ps -a --filter name=kept --format '{{.Names}}: {{.Status}}'"))).toEqual([expect.stringMatching(/^kept: Exited \(5\) /)]);
    expect(lines(await run("docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' kept"))[0]).toBe("exited 5");
    await run("docker rm kept");
  });

  it("reports Docker's exit codes: 125, 126, 127 and 128+signal", async () => {
    expect(await run("docker run --rm --bogus-flag busybox true")).toContain("exit status 125");
    expect(await run("docker run --rm busybox /etc/passwd")).toContain("exit status 126");
    expect(await run("docker run --rm busybox no-such-command")).toContain("exit status 127");
    // A pid namespace's init ignores signals sent from inside it, so --init runs docker-init first.
    expect(await run("docker run --rm --init busybox sh -c 'kill -KILL $$'")).toContain("exit status 137");
  });

  it("marks a container killed by its memory limit OOMKilled with exit code 137", async () => {
    const output = await run("docker run --name oom -m 8m busybox sh -c 'x=aaaaaaaaaaaaaaaaaaaaaaaa; while true; do x=$x$x; done'", 120_000);
    expect(output).toContain("exit status 137");
    expect(lines(await run("docker inspect -f '{{.State.OOMKilled}} {{.State.ExitCode}}' oom"))[0]).toBe("true 137");
    await run("docker rm oom");
    expect(lines(await run("docker run --rm busybox echo still alive"))).toContain("still alive");
  });

  it("contains a fork bomb under --pids-limit", async () => {
    await run("docker run -d --name bomb --pids-limit 20 busybox sh -c 'b() { b | b & }; b; sleep 1000'");
    await page.waitForTimeout(3000);
    expect(lines(await run("docker run --rm busybox echo unaffected"))).toContain("unaffected");
    expect(await run("docker stats --no-stream bomb")).toMatch(/bomb\s+.+\s+(1\d|20)\s*$/m);
    await run("docker rm -f bomb");
  });

  it("runs 8 containers at once, isolated from each other", async () => {
    for (let n = 0; n < 8; n++) await run(`docker run -d --name iso${n} busybox sh -c 'echo ${n} > /mine; sleep 1000'`);
    const running = await run("docker ps --filter name=iso --format '{{.Names}}'");
    expect(lines(running).filter((line) => /^iso\d$/.test(line)).sort()).toEqual(["iso0", "iso1", "iso2", "iso3", "iso4", "iso5", "iso6", "iso7"]);
    const hostnames = new Set<string>();
    for (let n = 0; n < 8; n++) {
      const [hostname, content, processes] = lines(await run(`docker exec iso${n} sh -c 'hostname; cat /mine*; ls /proc | grep -c "^[0-9]"'`));
      hostnames.add(hostname);
      expect(content).toBe(String(n));
      // Its own pid namespace: the init, the exec'd shell and its pipeline, nothing of the others.
      expect(Number(processes)).toBeLessThanOrEqual(4);
    }
    expect(hostnames.size).toBe(8);
    await run("docker rm -f iso0 iso1 iso2 iso3 iso4 iso5 iso6 iso7");
  });

  it("resizes an -it container's TTY with the window, and detaches with Ctrl-P Ctrl-Q", async () => {
    await clearScreen(page);
    await typeLine(page, "docker run -it --name tty busybox sh");
    await waitForScreen(page, /^\/ #$/m);
    await typeLine(page, "stty size");
    const first = await waitForScreen(page, /^\d+ \d+$/m);
    const before = /^(\d+) (\d+)$/m.exec(first)![0];
    await page.setViewportSize({ width: 900, height: 600 });
    await clearScreen(page);
    await typeLine(page, "stty size");
    const after = await waitForScreen(page, (screen) => /^\d+ \d+$/m.test(screen) && !screen.includes(before));
    expect(/^(\d+) (\d+)$/m.exec(after)![0]).not.toBe(before);
    await page.keyboard.press("Control+P");
    await page.keyboard.press("Control+Q");
    await waitForPrompt(page);
    expect(lines(await run("docker ps --filter name=tty --format '{{.Names}}: {{.Status}}'"))).toEqual([expect.stringMatching(/^tty: Up /)]);
    await clearScreen(page);
    await typeLine(page, "docker attach tty");
    await page.waitForTimeout(500);
    await typeLine(page, "echo attached-$((2+3))");
    await waitForScreen(page, /^attached-5$/m);
    await typeLine(page, "exit");
    await waitForPrompt(page);
    expect(lines(await run("docker ps -a --filter name=tty --format '{{.Names}}: {{.Status}}'"))).toEqual([expect.stringMatching(/^tty: Exited \(0\) /)]);
    await run("docker rm tty");
  });

  it("restarts a failing container by its restart policy", async () => {
    await run("docker run -d --name flaky --restart on-failure:2 busybox sh -c 'echo attempt; exit 1'");
    const inspected = await waitForRestarts("flaky", 2);
    expect(inspected).toBe("2 exited 1");
    expect(lines(await run("docker logs flaky")).filter((line) => line === "attempt")).toHaveLength(3);
    await run("docker rm flaky");
  });

  it("copies files out of a container as a download and into it from the page", async () => {
    await run("docker run -d --name files busybox sh -c 'echo from-the-container > /report.txt; sleep 1000'");
    await clearScreen(page);
    const download = page.waitForEvent("download");
    await typeLine(page, "docker cp files:/report.txt .");
    const saved = await download;
    expect(saved.suggestedFilename()).toBe("report.txt");
    expect(readFileSync((await saved.path())!, "utf8")).toBe("from-the-container\n");
    await waitForPrompt(page);

    await clearScreen(page);
    await typeLine(page, "docker cp - files:/tmp");
    await waitForScreen(page, "choose them with the button");
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: "Choose files to copy" }).click();
    await (await chooser).setFiles({ name: "upload.txt", mimeType: "text/plain", buffer: Buffer.from("from-the-page\n") });
    await waitForScreen(page, /Successfully copied 14B to files:\/tmp/);
    await waitForPrompt(page);
    expect(lines(await run("docker exec files cat /tmp/upload.txt"))).toContain("from-the-page");
    await run("docker rm -f files");
  });

  it("shows a container's changes with docker diff, commits them into an image, and exports the filesystem as a download", async () => {
    await run("docker run --name changed busybox sh -c 'echo kept > /tmp/kept && rm /bin/ls'");
    expect(lines(await run("docker diff changed"))).toEqual(["C /bin", "D /bin/ls", "C /tmp", "A /tmp/kept"]);
    // The id may wrap at the terminal's width.
    expect(lines(await run("docker commit -m 'a file' changed snapshot:1")).join("")).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(lines(await run("docker run --rm snapshot:1 cat /tmp/kept"))).toContain("kept");
    expect(await run("docker history snapshot:1")).toContain("a file");
    await clearScreen(page);
    const download = page.waitForEvent("download");
    await typeLine(page, "docker export -o changed.tar changed");
    const saved = await download;
    expect(saved.suggestedFilename()).toBe("changed.tar");
    expect(readFileSync((await saved.path())!).includes(Buffer.from("kept\n"))).toBe(true);
    await waitForPrompt(page);
    await run("docker rm changed");
    await run("docker rmi snapshot:1");
  });

  it("notices a guest kernel panic, restarts the guest, and marks its containers exited with the reason", async () => {
    await run("docker run -d --name victim busybox sleep 1000");
    await page.evaluate(() => (window as unknown as { berthTestHooks: { panicGuest(): Promise<void> } }).berthTestHooks.panicGuest());
    let state = "";
    for (let attempt = 0; attempt < 60 && !state.startsWith("exited"); attempt++) {
      state = lines(await run("docker inspect -f '{{.State.Status}} {{.State.Error}}' victim", 120_000))[0];
      if (!state.startsWith("exited")) await page.waitForTimeout(1000);
    }
    expect(state).toMatch(/^exited .*guest VM stopped/);
    expect(lines(await run("docker run --rm busybox echo recovered", 120_000))).toContain("recovered");
    await run("docker rm victim");
  });
});

describe("the page around the terminal", () => {
  it("lists containers live in the dashboard, with labelled buttons that act on them", async () => {
    await run("docker run -d --name dash busybox sleep 1000");
    const item = page.locator("#dashboard-containers li", { hasText: "dash" });
    await item.getByText(/Up .* · CPU [\d.]+% · MEM [\d.]+/).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Stop dash" }).click();
    await waitForScreen(page, /docker stop dash\s+dash/);
    await item.getByText(/Exited \((137|143)\)/).waitFor({ timeout: 30_000 });
    await waitForPrompt(page);
    await page.getByRole("button", { name: "Remove dash" }).click();
    await page.locator("#dashboard-containers li", { hasText: "dash" }).waitFor({ state: "detached", timeout: 20_000 });
    await waitForPrompt(page);
  });

  it("shows a container's events with docker events: the held ones since a time, then live ones until Ctrl-C", async () => {
    await run("docker run --rm --name evt busybox true");
    await clearScreen(page);
    await typeLine(page, "docker events --since 10m --filter container=evt --format '{{.Action}} {{.Actor.Attributes.name}}'");
    await waitForScreen(page, /^destroy evt$/m);
    await page.keyboard.press("Control+C");
    const screen = await waitForPrompt(page);
    expect(lines(screen).filter((line) => line.endsWith(" evt"))).toEqual(["create evt", "attach evt", "start evt", "die evt", "destroy evt"]);
  });

  it("completes commands, flags and container names on Tab", async () => {
    await run("docker run -d --name tabby busybox sleep 1000");
    await clearScreen(page);
    await page.keyboard.type("docker resta");
    await page.keyboard.press("Tab");
    await waitForScreen(page, /berth:~\$ docker restart$/m);
    await page.keyboard.type("--timeo");
    await page.keyboard.press("Tab");
    await waitForScreen(page, /berth:~\$ docker restart --timeout$/m);
    await page.keyboard.type("1 tab");
    await page.keyboard.press("Tab");
    await waitForScreen(page, /berth:~\$ docker restart --timeout 1 tabby$/m);
    await page.keyboard.press("Enter");
    await waitForScreen(page, /^tabby$/m);
    await waitForPrompt(page);
    await run("docker rm -f tabby");
  });

  it("keeps keys typed while the guest is still starting and runs them once the prompt is ready", async () => {
    const early = await browser.newPage();
    try {
      await early.goto(app.url);
      await early.locator(".xterm-helper-textarea").focus();
      await early.keyboard.type("docker run --rm busybox sh -c 'echo typed-$((40+2))'", { delay: 5 });
      await early.keyboard.press("Enter");
      expect(await screenText(early)).not.toMatch(/Guest ready/);
      await waitForScreen(early, /^typed-42$/m, 120_000);
    } finally {
      await early.close();
    }
  });
});

async function waitForRestarts(name: string, count: number): Promise<string> {
  let last = "";
  for (let attempt = 0; attempt < 60; attempt++) {
    last = lines(await run(`docker inspect -f '{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}' ${name}`))[0];
    if (last === `${count} exited 1`) return last;
    await page.waitForTimeout(500);
  }
  return last;
}

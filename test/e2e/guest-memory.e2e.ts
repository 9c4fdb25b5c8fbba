// The guest's memory, as a person meets it in the page: the default guest has room for real work,
// docker info reports it, and the setting in the dashboard resizes the guest from the next boot
// (a reload), which then cold boots rather than restoring the snapshot saved at the old size.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { RunningApp } from "./app-server.ts";
import { openAppPage, reloadUntilReady } from "./page-session.ts";
import { runCommand } from "./terminal-driver.ts";

const MiB = 1024 * 1024;

let app: RunningApp;
let browser: BrowserContext;
let page: Page;

const run = (line: string) => runCommand(page, line);

/** docker info's MemTotal, in bytes. */
async function memTotal(): Promise<number> {
  const output = await run("docker info --format '{{.MemTotal}}'");
  const figure = /^\s*(\d+)\s*$/m.exec(output);
  if (!figure) throw new Error(`no MemTotal in:\n${output}`);
  return Number(figure[1]);
}

/** Types `size` into the dashboard's memory setting and presses Enter. */
async function setMemory(size: string): Promise<string> {
  const field = page.getByRole("textbox", { name: "Guest memory" });
  const status = page.locator("#memory-status");
  const before = await status.textContent();
  await field.click();
  await field.press("Control+A");
  await field.press("Delete");
  await field.pressSequentially(size);
  await field.press("Enter");
  await expect.poll(() => status.textContent()).not.toBe(before);
  return (await status.textContent()) ?? "";
}

async function reloadTo(boot: "cold boot" | "snapshot restore", memoryMiB: number): Promise<void> {
  await reloadUntilReady(page, new RegExp(`Guest ready: ${boot} in [\\d.]+ s, ${memoryMiB} MiB of memory`));
}

beforeAll(async () => {
  ({ app, browser, page } = await openAppPage());
}, 200_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("the guest's memory", () => {
  it("is 512 MiB by default, as the boot line, docker info and a container's free -m tell", async () => {
    expect(await page.locator("#boot-status").textContent()).toMatch(/Guest ready: cold boot in [\d.]+ s, 512 MiB of memory/);
    expect(await run("docker info")).toMatch(/Total Memory: 4[89]\d(\.\d)?MiB/);
    const total = await memTotal();
    expect(total).toBeGreaterThan(480 * MiB);
    expect(total).toBeLessThanOrEqual(512 * MiB);
    const free = /Mem:\s+(\d+)/.exec(await run("docker run --rm busybox free -m"));
    expect(Number(free?.[1])).toBeGreaterThanOrEqual(480);
  });

  it("refuses a size the guest cannot use and keeps the setting as it was", async () => {
    expect(await setMemory("2g")).toContain(`Invalid memory size "2g": the guest's memory must be between 128m and 896m`);
    expect(await setMemory("lots")).toContain(`Invalid memory size "lots": invalid size: 'lots'`);
    expect(await page.evaluate(() => localStorage.getItem("berth-guest-memory"))).toBeNull();
    await reloadTo("snapshot restore", 512);
  }, 200_000);

  it("takes a new size from the next boot, which cold boots instead of restoring the old size's snapshot", async () => {
    expect(await setMemory("256m")).toContain("Saved: 256 MiB from the next boot; reload the page to apply it.");
    // Nothing changes before the reload.
    expect(await memTotal()).toBeGreaterThan(480 * MiB);

    await reloadTo("cold boot", 256);
    const total = await memTotal();
    expect(total).toBeGreaterThan(230 * MiB);
    expect(total).toBeLessThanOrEqual(256 * MiB);
    expect(await page.getByRole("textbox", { name: "Guest memory" }).inputValue()).toBe("256m");
    expect(await page.locator("#memory-status").textContent()).toBe("The guest has 256 MiB.");

    // The snapshot saved at 256 MiB serves the next reload.
    await reloadTo("snapshot restore", 256);
    expect(await memTotal()).toBeLessThanOrEqual(256 * MiB);
  }, 600_000);

  it("goes back to the default when the field is emptied", async () => {
    expect(await setMemory("")).toContain("Saved: the default size from the next boot");
    await reloadTo("cold boot", 512);
    expect(await memTotal()).toBeGreaterThan(480 * MiB);
  }, 300_000);
});

import { describe, expect, it } from "vitest";
import type { JsonMessage } from "../api/types.ts";
import { PullProgressDisplay } from "./pull-progress-display.ts";

function render(messages: JsonMessage[], columns = 80): string[] {
  const writes: string[] = [];
  const display = new PullProgressDisplay({ write: (data) => writes.push(String(data)) }, { columns });
  for (const message of messages) display.report(message);
  return writes;
}

const layerA = "a1b2c3d4e5f6";
const layerB = "0f9e8d7c6b5a";

describe("PullProgressDisplay", () => {
  it("prints messages without a layer id as lines", () => {
    expect(
      render([
        { status: "Pulling from library/debian", id: "latest" },
        { status: `Digest: sha256:${"1".repeat(64)}` },
        { status: "Status: Downloaded newer image for debian:latest" },
      ]),
    ).toEqual([
      "latest: Pulling from library/debian\n",
      `Digest: sha256:${"1".repeat(64)}\n`,
      "Status: Downloaded newer image for debian:latest\n",
    ]);
  });

  it("opens a line per new layer and rewrites it in place, returning below the block", () => {
    expect(
      render([
        { status: "Pulling fs layer", id: layerA, progressDetail: {} },
        { status: "Pulling fs layer", id: layerB, progressDetail: {} },
        { status: "Downloading", id: layerA, progressDetail: { current: 1_000_000, total: 4_000_000 } },
        { status: "Waiting", id: layerB },
        { status: "Pull complete", id: layerA },
      ]),
    ).toEqual([
      `\n\x1b[1A\x1b[2K\r${layerA}: Pulling fs layer \r\x1b[1B`,
      `\n\x1b[1A\x1b[2K\r${layerB}: Pulling fs layer \r\x1b[1B`,
      `\x1b[2A\x1b[2K\r${layerA}: Downloading      1MB/4MB\r\x1b[2B`,
      `\x1b[1A\x1b[2K\r${layerB}: Waiting \r\x1b[1B`,
      `\x1b[2A\x1b[2K\r${layerA}: Pull complete \r\x1b[2B`,
    ]);
  });

  it("draws the bar on a wide terminal, and uses a preformatted progress when there is no detail", () => {
    const [, downloading, extracting] = render(
      [
        { status: "Pulling fs layer", id: layerA },
        { status: "Downloading", id: layerA, progressDetail: { current: 50, total: 100 } },
        { status: "Extracting", id: layerA, progress: "[==>   ]  1MB/2MB" },
      ],
      120,
    );
    expect(downloading).toBe(`\x1b[1A\x1b[2K\r${layerA}: Downloading [${"=".repeat(25)}>${" ".repeat(25)}]      50B/100B\r\x1b[1B`);
    expect(extracting).toBe(`\x1b[1A\x1b[2K\r${layerA}: Extracting [==>   ]  1MB/2MB\r\x1b[1B`);
  });

  it("starts a new block of layer lines after a line of its own", () => {
    const writes = render([
      { status: "Pulling fs layer", id: layerA },
      { status: "Pulling from library/other", id: "1.0" },
      { status: "Already exists", id: layerA },
    ]);
    expect(writes.slice(1)).toEqual(["1.0: Pulling from library/other\n", `\n\x1b[1A\x1b[2K\r${layerA}: Already exists \r\x1b[1B`]);
  });
});

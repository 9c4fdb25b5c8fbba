// The side panel: containers (name, image, status with uptime, CPU and memory) and images, kept up
// to date while the page is visible. Each container has start, stop, restart, logs and remove
// buttons, which run the equivalent docker command in the terminal so the user sees what happened.
// A running container's published ports each have an "open" link (the port's page in a new tab)
// and a "preview" button (the page in a panel), where the page's service worker can serve them.
// Below them, the site's storage (storage-panel.ts), refreshed with the rest.

import type { EngineApi } from "../api/engine-api.ts";
import type { ContainerStatsResponse, ContainerSummary } from "../api/container-types.ts";
import { bytesSize } from "../cli/human-size.ts";
import { statsEntry } from "../cli/stats-table.ts";
import { portPath, previewLimits } from "./port-preview-panel.ts";

type DashboardEngine = Pick<EngineApi, "containerList" | "imageList" | "containerStats">;

const refreshIntervalMs = 2000;

/** How published ports are shown: as pages of this tab's engine, or (no service worker, another daemon) as numbers only. */
export interface DashboardPorts {
  /** Whether this page can show the listed containers' ports (its own engine's, with the service worker running). */
  previewable(): boolean;
  preview(port: number, label: string): void;
}

interface Usage {
  cpuPercent?: number;
  memoryBytes?: number;
}

export class Dashboard {
  readonly #previous = new Map<string, ContainerStatsResponse>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #refreshing: Promise<void> | undefined;

  constructor(
    private readonly engine: DashboardEngine,
    private readonly proxy: <T extends object>(value: T) => T,
    private readonly containersList: HTMLElement,
    private readonly imagesList: HTMLElement,
    private readonly runCommand: (line: string) => void,
    private readonly ports: DashboardPorts,
    private readonly storage: { refresh(): Promise<void> },
  ) {}

  /** Refreshes now and then every couple of seconds while the page is visible. */
  start(): void {
    const tick = async () => {
      if (document.visibilityState === "visible") await this.refresh().catch(() => undefined);
      this.#timer = setTimeout(() => void tick(), refreshIntervalMs);
    };
    clearTimeout(this.#timer);
    void tick();
  }

  refresh(): Promise<void> {
    this.#refreshing ??= this.#refresh().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #refresh(): Promise<void> {
    void this.storage.refresh().catch(() => undefined);
    const [containers, images] = await Promise.all([this.engine.containerList({ all: true }), this.engine.imageList({})]);
    const usage = new Map(await Promise.all(containers.filter((c) => c.State === "running").map(async (c) => [c.Id, await this.#usage(c.Id)] as const)));
    this.containersList.replaceChildren(...containers.map((container) => this.#containerItem(container, usage.get(container.Id) ?? {})));
    if (containers.length === 0) this.containersList.replaceChildren(textItem("none yet"));
    this.imagesList.replaceChildren(...images.flatMap((image) => image.RepoTags.map((tag) => textItem(tag))));
  }

  async #usage(id: string): Promise<Usage> {
    const sample = await new Promise<ContainerStatsResponse | undefined>((resolve) => {
      this.engine
        .containerStats({ id, stream: false, "one-shot": true }, this.proxy({ report: (message: ContainerStatsResponse) => resolve(message) }))
        .then((connection) => connection.done())
        .then(() => resolve(undefined), () => resolve(undefined));
    });
    if (!sample) return {};
    // Docker's own CPU and memory arithmetic (stats-table.ts), over the time since the last refresh.
    const previous = this.#previous.get(id);
    this.#previous.set(id, sample);
    const entry = statsEntry(id, previous ? { ...sample, precpu_stats: previous.cpu_stats } : sample);
    return { cpuPercent: previous ? entry.cpuPercentage : undefined, memoryBytes: entry.memory };
  }

  #containerItem(container: ContainerSummary, usage: Usage): HTMLLIElement {
    const name = container.Names[0]?.replace(/^\//, "") ?? container.Id.slice(0, 12);
    const item = document.createElement("li");
    item.className = `container state-${container.State}`;
    const title = document.createElement("div");
    title.className = "container-name";
    title.textContent = name;
    const details = document.createElement("div");
    details.className = "container-details";
    const figures =
      container.State === "running"
        ? ` · CPU ${usage.cpuPercent === undefined ? "…" : `${usage.cpuPercent.toFixed(1)}%`} · MEM ${usage.memoryBytes === undefined ? "…" : bytesSize(usage.memoryBytes)}`
        : "";
    details.textContent = `${container.Image} · ${container.Status}${figures}`;
    const actions = document.createElement("div");
    actions.className = "container-actions";
    const running = container.State === "running" || container.State === "paused" || container.State === "restarting";
    const buttons: [string, string][] = running
      ? [["Stop", `docker stop ${name}`], ["Restart", `docker restart ${name}`], ["Logs", `docker logs ${name}`], ["Remove", `docker rm -f ${name}`]]
      : [["Start", `docker start ${name}`], ["Logs", `docker logs ${name}`], ["Remove", `docker rm ${name}`]];
    for (const [label, line] of buttons) actions.append(this.#button(label, `${label} ${name}`, line));
    item.append(title, details);
    if (container.State === "running") item.append(...this.#publishedPorts(name, container));
    item.append(actions);
    return item;
  }

  /** One line per published TCP port (Docker lists a port once per address family), then what the preview cannot pass. */
  #publishedPorts(name: string, container: ContainerSummary): HTMLElement[] {
    const published = new Map<number, number>();
    for (const port of container.Ports) if (port.PublicPort && port.Type === "tcp") published.set(port.PublicPort, port.PrivatePort);
    if (published.size === 0) return [];
    const previewable = this.ports.previewable();
    const lines = [...published].sort(([a], [b]) => a - b).map(([publicPort, privatePort]) => {
      const line = document.createElement("div");
      line.className = "container-port";
      line.append(`${publicPort}→${privatePort}/tcp`);
      if (!previewable) return line;
      const open = document.createElement("a");
      open.href = portPath(publicPort);
      open.target = "_blank";
      open.rel = "noopener";
      open.textContent = "open";
      open.setAttribute("aria-label", `Open port ${publicPort} of ${name}`);
      const preview = document.createElement("button");
      preview.type = "button";
      preview.textContent = "preview";
      preview.setAttribute("aria-label", `Preview port ${publicPort} of ${name}`);
      preview.addEventListener("click", () => this.ports.preview(publicPort, `${name} · port ${publicPort}`));
      line.append(" ", open, " ", preview);
      return line;
    });
    if (!previewable) return lines;
    const note = document.createElement("div");
    note.className = "port-note";
    note.textContent = previewLimits;
    return [...lines, note];
  }

  #button(label: string, accessibleName: string, line: string): HTMLButtonElement {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = label;
    button.setAttribute("aria-label", accessibleName);
    button.addEventListener("click", () => this.runCommand(line));
    return button;
  }
}

function textItem(text: string): HTMLLIElement {
  const item = document.createElement("li");
  item.textContent = text;
  return item;
}

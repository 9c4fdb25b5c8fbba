// The side panel: containers and images, refreshed after every command.

import type { EngineApi } from "../api/engine-api.ts";

export class Dashboard {
  constructor(
    private readonly engine: Pick<EngineApi, "containerList" | "imageList">,
    private readonly containersList: HTMLElement,
    private readonly imagesList: HTMLElement,
  ) {}

  async refresh(): Promise<void> {
    const [containers, images] = await Promise.all([
      this.engine.containerList({ all: true }),
      this.engine.imageList({}),
    ]);
    this.containersList.replaceChildren(
      ...containers.map((container) =>
        listItem(`${container.Names[0]?.replace(/^\//, "")} · ${container.Status}`, `state-${container.State}`),
      ),
    );
    if (containers.length === 0) this.containersList.replaceChildren(listItem("none yet"));
    this.imagesList.replaceChildren(
      ...images.flatMap((image) => image.RepoTags.map((tag) => listItem(tag))),
    );
  }
}

function listItem(text: string, className?: string): HTMLLIElement {
  const item = document.createElement("li");
  item.textContent = text;
  if (className) item.className = className;
  return item;
}

// `docker system df` output: per kind of object how many there are, how many are in use, the space
// they take and how much of it removing the unused ones would free, computed as docker's client
// computes it. With -v, a table per kind of object. berth has no volumes or build cache yet, so
// those rows count nothing.

import type { ContainerSummary, ImageSummary, SystemDataUsage } from "../api/types.ts";
import { humanDuration } from "../api/human-duration.ts";
import { containerCommandColumn, containerImageColumn, containerNamesColumn } from "./container-table.ts";
import { humanSizeWithPrecision } from "./human-size.ts";
import { familiarName, parseImageReference } from "./image-reference.ts";
import { shortId } from "./short-id.ts";
import { formatTable } from "./tab-writer.ts";

export function formatDiskUsage(usage: SystemDataUsage): string {
  const containersSize = sum(usage.Containers.map((container) => container.SizeRw));
  const stoppedSize = sum(usage.Containers.filter((container) => !isActive(container)).map((container) => container.SizeRw));
  return formatTable([
    ["TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"],
    [
      "Images",
      String(usage.Images.length),
      String(usage.Images.filter((image) => image.Containers > 0).length),
      humanSize(usage.LayersSize),
      reclaimable(usage.LayersSize - sizeUsedByContainers(usage.Images), usage.LayersSize),
    ],
    [
      "Containers",
      String(usage.Containers.length),
      String(usage.Containers.filter(isActive).length),
      humanSize(containersSize),
      reclaimable(stoppedSize, containersSize),
    ],
    ["Local Volumes", String(usage.Volumes.length), "0", humanSize(0), reclaimable(0, 0)],
    ["Build Cache", String(usage.BuildCache.length), "0", humanSize(0), humanSize(0)],
  ]);
}

export function formatDiskUsageVerbose(usage: SystemDataUsage, now: number): string {
  const ago = (seconds: number) => `${humanDuration(now - seconds * 1000)} ago`;
  const images = formatTable([
    ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS"],
    ...usage.Images.map((image) => [
      ...firstRepositoryAndTag(image),
      shortId(image.Id),
      ago(image.Created),
      tableSize(image.Size),
      image.SharedSize === -1 ? "N/A" : tableSize(image.SharedSize),
      image.Size === -1 || image.SharedSize === -1 ? "N/A" : tableSize(image.Size - image.SharedSize),
      image.Containers === -1 ? "N/A" : String(image.Containers),
    ]),
  ]);
  const containers = formatTable([
    ["CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES"],
    ...usage.Containers.map((container) => [
      shortId(container.Id),
      containerImageColumn(container, true),
      containerCommandColumn(container.Command, true),
      "0",
      tableSize(container.SizeRw),
      ago(container.Created),
      container.Status,
      containerNamesColumn(container.Names, true),
    ]),
  ]);
  const volumes = formatTable([["VOLUME NAME", "LINKS", "SIZE"]]);
  const buildCache = formatTable([["CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE", "SHARED"]]);
  return [
    `Images space usage:\n\n${images}`,
    `Containers space usage:\n\n${containers}`,
    `Local Volumes space usage:\n\n${volumes}`,
    `Build cache usage: ${humanSize(0)}\n\n${buildCache}`,
  ].join("\n");
}

/** The space of images that containers use: their own layers, not those shared with others. */
function sizeUsedByContainers(images: readonly ImageSummary[]): number {
  const counted = images.filter((image) => image.Containers !== 0 && image.Size !== -1 && image.SharedSize !== -1);
  return sum(counted.map((image) => image.Size - image.SharedSize));
}

function isActive(container: ContainerSummary): boolean {
  return container.State === "running" || container.State === "paused" || container.State === "restarting";
}

/** "12.35MB (45%)": the share is of `total`, rounded down, and left out when there is no total. */
function reclaimable(bytes: number, total: number): string {
  return total > 0 ? `${humanSize(bytes)} (${Math.trunc((bytes * 100) / total)}%)` : humanSize(bytes);
}

/** The first tag's repository and tag, as the verbose image table shows an image. */
function firstRepositoryAndTag(image: ImageSummary): [string, string] {
  const [first] = image.RepoTags.filter((tag) => tag !== "<none>:<none>");
  const parsed = first === undefined ? undefined : parseImageReference(first);
  if (parsed?.tag === undefined) return ["<none>", "<none>"];
  return [familiarName(parsed.name), parsed.tag];
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** go-units' HumanSize, as the summary prints sizes. */
function humanSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 4);
}

/** The tables' sizes, with three significant digits like `docker images`. */
function tableSize(bytes: number): string {
  return humanSizeWithPrecision(bytes, 3);
}

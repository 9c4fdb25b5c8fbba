// `docker ps` output: the default table and the quiet list of IDs. "Truncated" is docker's default;
// --no-trunc shows full IDs, commands and every name.

import type { ContainerSummary } from "../api/types.ts";
import { goQuote } from "./go-quote.ts";
import { humanDuration } from "../api/human-duration.ts";
import { familiarName, parseImageReference } from "./image-reference.ts";
import { shortId } from "./short-id.ts";
import { formatTable } from "./tab-writer.ts";

export interface ContainerListFormat {
  truncate: boolean;
  /** The current time in milliseconds, for the CREATED column. */
  now: number;
}

const header = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"];
const commandWidth = 20;

export function formatContainerTable(containers: readonly ContainerSummary[], format: ContainerListFormat): string {
  const rows = containers.map((container) => [
    format.truncate ? shortId(container.Id) : container.Id,
    imageColumn(container, format.truncate),
    goQuote(format.truncate ? ellipsis(container.Command, commandWidth) : container.Command),
    `${humanDuration(format.now - container.Created * 1000)} ago`,
    container.Status,
    "", // berth publishes no ports
    namesColumn(container.Names, format.truncate),
  ]);
  return formatTable([header, ...rows]);
}

export function formatContainerIds(containers: readonly ContainerSummary[], truncate: boolean): string {
  return containers.map((container) => `${truncate ? shortId(container.Id) : container.Id}\n`).join("");
}

function imageColumn({ Image, ImageID }: ContainerSummary, truncate: boolean): string {
  if (!Image) return "<no image>";
  if (!truncate) return Image;
  if (shortId(ImageID) === shortId(Image)) return shortId(Image);
  const { name, tag } = parseImageReference(Image);
  return tag ? `${familiarName(name)}:${tag}` : familiarName(name);
}

/** Names without their "/" prefix; truncated output shows only the first name that is not a link. */
function namesColumn(names: readonly string[], truncate: boolean): string {
  const plain = names.map((name) => name.replace(/^\//, ""));
  return truncate ? (plain.find((name) => !name.includes("/")) ?? "") : plain.join(",");
}

/** Cuts text longer than `width` characters to `width - 1` and an ellipsis. */
function ellipsis(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join("")}…`;
}

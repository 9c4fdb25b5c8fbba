// `docker ps` output: the default table and the quiet list of IDs. "Truncated" is docker's default;
// --no-trunc shows full IDs, commands and every name.

import type { ContainerSummary } from "../api/types.ts";
import { ellipsis } from "./ellipsis.ts";
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
    containerImageColumn(container, format.truncate),
    containerCommandColumn(container.Command, format.truncate),
    `${humanDuration(format.now - container.Created * 1000)} ago`,
    container.Status,
    "", // berth publishes no ports
    containerNamesColumn(container.Names, format.truncate),
  ]);
  return formatTable([header, ...rows]);
}

export function formatContainerIds(containers: readonly ContainerSummary[], truncate: boolean): string {
  return containers.map((container) => `${truncate ? shortId(container.Id) : container.Id}\n`).join("");
}

/** The command, quoted, and cut to 20 characters when truncating. */
export function containerCommandColumn(command: string, truncate: boolean): string {
  return goQuote(truncate ? ellipsis(command, commandWidth) : command);
}

export function containerImageColumn({ Image, ImageID }: ContainerSummary, truncate: boolean): string {
  if (!Image) return "<no image>";
  if (!truncate) return Image;
  if (shortId(ImageID) === shortId(Image)) return shortId(Image);
  const { name, tag } = parseImageReference(Image);
  return tag ? `${familiarName(name)}:${tag}` : familiarName(name);
}

/** Names without their "/" prefix; truncated output shows only the first name that is not a link. */
export function containerNamesColumn(names: readonly string[], truncate: boolean): string {
  const plain = names.map((name) => name.replace(/^\//, ""));
  return truncate ? (plain.find((name) => !name.includes("/")) ?? "") : plain.join(",");
}

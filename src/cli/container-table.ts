// What docker ps shows of a container (formatter.ContainerContext): the default table's format,
// and the fields a --format template sees (.ID, .Image, .Command, .CreatedAt, .RunningFor, .Ports,
// .State, .Status, .Size, .Names, .Labels, .Label "k", .Mounts, .Networks…), truncated as docker
// truncates them unless --no-trunc.

import { humanDuration } from "../api/human-duration.ts";
import type { ContainerSummary } from "../api/types.ts";
import { displayablePorts } from "./displayable-ports.ts";
import { ellipsis } from "./ellipsis.ts";
import { goQuote } from "./go-quote.ts";
import { goStructType } from "./go-template.ts";
import { goTimeString } from "./go-time.ts";
import { humanSizeWithPrecision } from "./human-size.ts";
import { familiarName, parseImageReference } from "./image-reference.ts";
import { shortId } from "./short-id.ts";

export const defaultContainerTableFormat =
  "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";

/** The default table with the SIZE column, for -s. */
export const sizedContainerTableFormat = `${defaultContainerTableFormat}\t{{.Size}}`;

export interface ContainerViewOptions {
  truncate: boolean;
  /** The current time in milliseconds, for .RunningFor. */
  now: number;
  /** Minutes to add to local time to get UTC (Date#getTimezoneOffset), for .CreatedAt. */
  timezoneOffset: (epochMs: number) => number;
  /** Called when a template reads .Size, which docker ps then asks the engine for. */
  onSizeRead?: () => void;
}

/** The headers of the table columns, as a template sees them in the header line. */
export const containerTableHeaders = {
  Command: "COMMAND",
  CreatedAt: "CREATED AT",
  ID: "CONTAINER ID",
  Image: "IMAGE",
  Labels: "LABELS",
  LocalVolumes: "LOCAL VOLUMES",
  Mounts: "MOUNTS",
  Names: "NAMES",
  Networks: "NETWORKS",
  Platform: "PLATFORM",
  Ports: "PORTS",
  RunningFor: "CREATED",
  Size: "SIZE",
  State: "STATE",
  Status: "STATUS",
  Label: (name: string) => (name.split(".").at(-1) ?? "").replaceAll("-", " ").replaceAll("_", " "),
};

interface Mount {
  Name?: string;
  Source?: string;
  Driver?: string;
}

/** The fields in alphabetical order, as {{json .}} lists them. */
export function containerTemplateView(container: ContainerSummary, options: ContainerViewOptions): object {
  const { truncate } = options;
  const mounts = (container.Mounts ?? []) as Mount[];
  return {
    [goStructType]: "*formatter.ContainerContext",
    get Command() {
      return containerCommandColumn(container.Command, truncate);
    },
    get CreatedAt() {
      return goTimeString(container.Created, options.timezoneOffset);
    },
    get ID() {
      return truncate ? shortId(container.Id) : container.Id;
    },
    get Image() {
      return containerImageColumn(container, truncate);
    },
    get Labels() {
      return Object.entries(container.Labels ?? {})
        .map(([key, value]) => `${key}=${value}`)
        .sort()
        .join(",");
    },
    get LocalVolumes() {
      return String(mounts.filter((mount) => mount.Driver === "local").length);
    },
    get Mounts() {
      return mounts
        .map((mount) => (mount.Name ? mount.Name : (mount.Source ?? "")))
        .map((name) => (truncate ? ellipsis(name, 15) : name))
        .join(",");
    },
    get Names() {
      return containerNamesColumn(container.Names, truncate);
    },
    get Networks() {
      // Docker lists them in its map's (random) order; sorted here.
      return Object.keys(container.NetworkSettings?.Networks ?? {})
        .sort()
        .join(",");
    },
    get Platform() {
      return null;
    },
    get Ports() {
      return displayablePorts(container.Ports ?? []);
    },
    get RunningFor() {
      return `${humanDuration(options.now - container.Created * 1000)} ago`;
    },
    get Size() {
      options.onSizeRead?.();
      const sizeRw = humanSizeWithPrecision(container.SizeRw ?? 0, 3);
      const rootFs = container.SizeRootFs ?? 0;
      return rootFs > 0 ? `${sizeRw} (virtual ${humanSizeWithPrecision(rootFs, 3)})` : sizeRw;
    },
    get State() {
      return container.State;
    },
    get Status() {
      return container.Status;
    },
    Label: (name: string) => container.Labels?.[name] ?? "",
  };
}

/** The command, quoted, and cut to 20 characters when truncating. */
export function containerCommandColumn(command: string, truncate: boolean): string {
  return goQuote(truncate ? ellipsis(command, 20) : command);
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

// `docker history` output: the image's layers newest first as IMAGE, CREATED, CREATED BY, SIZE,
// COMMENT. Human mode (the default) shows "2 years ago" and "74.8MB"; without it, RFC 3339 times
// in local time and sizes in bytes. Layers that are not images of their own show as <missing>.

import type { ImageHistoryItem } from "../api/types.ts";
import { humanDuration } from "../api/human-duration.ts";
import { ellipsis } from "./ellipsis.ts";
import { humanSizeWithPrecision } from "./human-size.ts";
import { shortId } from "./short-id.ts";
import { formatTable } from "./tab-writer.ts";

export interface HistoryFormat {
  human: boolean;
  truncate: boolean;
  /** The current time in milliseconds, for "… ago". */
  now: number;
  /** Minutes behind UTC of local time at a moment (Date#getTimezoneOffset), for RFC 3339 times. */
  timezoneOffset: (epochMs: number) => number;
}

const createdByWidth = 45;
/** Dates before 2000 are not real build times; human mode leaves them blank. */
const epochSeconds = Date.UTC(2000, 0, 1) / 1000;

export function formatHistoryTable(history: readonly ImageHistoryItem[], format: HistoryFormat): string {
  const header = ["IMAGE", format.human ? "CREATED" : "CREATED AT", "CREATED BY", "SIZE", "COMMENT"];
  const rows = history.map((item) => {
    const view = historyTemplateView(item, format);
    return [view.ID, view.CreatedSince, view.CreatedBy, view.Size, view.Comment];
  });
  return formatTable([header, ...rows]);
}

/** The column headers of `docker history --format "table …"`. */
export const historyTableHeaders = {
  ID: "IMAGE",
  CreatedSince: "CREATED",
  CreatedAt: "CREATED AT",
  CreatedBy: "CREATED BY",
  Size: "SIZE",
  Comment: "COMMENT",
};

/** A layer as `--format` templates see it (Docker's historyContext). */
export function historyTemplateView(item: ImageHistoryItem, format: HistoryFormat): Record<keyof typeof historyTableHeaders, string> {
  const createdBy = item.CreatedBy.replaceAll("\t", " ");
  const createdAt = rfc3339(item.Created, format.timezoneOffset);
  return {
    ID: historyId(item, format.truncate),
    CreatedSince: format.human ? createdSince(item.Created, format.now) : createdAt,
    CreatedAt: createdAt,
    CreatedBy: format.truncate ? ellipsis(createdBy, createdByWidth) : createdBy,
    Size: format.human ? humanSizeWithPrecision(item.Size, 3) : String(item.Size),
    Comment: item.Comment,
  };
}

export function formatHistoryIds(history: readonly ImageHistoryItem[], truncate: boolean): string {
  return history.map((item) => `${historyId(item, truncate)}\n`).join("");
}

function historyId(item: ImageHistoryItem, truncate: boolean): string {
  return truncate ? shortId(item.Id) : item.Id;
}

function createdSince(seconds: number, now: number): string {
  return seconds <= epochSeconds ? "" : `${humanDuration(now - seconds * 1000)} ago`;
}

/** Go's time.RFC3339 in local time: "2024-01-15T10:30:00+01:00", or "…Z" at UTC. */
function rfc3339(seconds: number, timezoneOffset: (epochMs: number) => number): string {
  const offsetMinutes = -timezoneOffset(seconds * 1000);
  const local = new Date((seconds + offsetMinutes * 60) * 1000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const hours = String(Math.trunc(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, "0");
  return `${local}${sign}${hours}:${minutes}`;
}

// How `ls` shows entries: names in columns for the terminal (one per line into a file), and with
// -l busybox's long format (`-rw-r--r--    1 root     root            13 Mar  4 06:50 Dockerfile`).

import type { WorkspaceEntry } from "../api/workspace-types.ts";

const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const halfYearMs = 182 * 24 * 3600 * 1000;
const directoryColor = "\x1b[1;34m";
const resetColor = "\x1b[0m";

/** `drwxr-xr-x` and the like. */
export function modeString(entry: Pick<WorkspaceEntry, "type" | "mode">): string {
  const kind = entry.type === "dir" ? "d" : entry.type === "symlink" ? "l" : "-";
  let bits = "";
  for (let shift = 6; shift >= 0; shift -= 3) {
    const triple = (entry.mode >> shift) & 7;
    bits += `${triple & 4 ? "r" : "-"}${triple & 2 ? "w" : "-"}${triple & 1 ? "x" : "-"}`;
  }
  return kind + bits;
}

/** The time as ls shows it: hour and minute within half a year, else the year. */
export function listingTime(mtime: number, now = Date.now()): string {
  const date = new Date(mtime);
  const day = `${months[date.getMonth()]} ${String(date.getDate()).padStart(2)}`;
  if (Math.abs(now - mtime) < halfYearMs) return `${day} ${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
  return `${day}  ${date.getFullYear()}`;
}

/** One line of `ls -l`; `name` is what to show (".", "..", or the name as given). */
export function longLine(entry: WorkspaceEntry, name: string, now?: number): string {
  const link = entry.type === "symlink" && entry.linkTarget !== undefined ? ` -> ${entry.linkTarget}` : "";
  const links = entry.type === "dir" ? 2 : 1;
  return `${modeString(entry)} ${String(links).padStart(4)} ${"root".padEnd(8)} ${"root".padEnd(8)} ${String(entry.size).padStart(9)} ${listingTime(entry.mtime, now)} ${name}${link}`;
}

/** Names in columns, top to bottom then left to right, within `width` characters; directories in colour. */
export function columns(items: { name: string; directory: boolean }[], width: number): string {
  if (items.length === 0) return "";
  const cell = Math.max(...items.map((item) => item.name.length)) + 2;
  const perRow = Math.max(1, Math.floor(width / cell));
  const rows = Math.ceil(items.length / perRow);
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    let line = "";
    for (let column = 0; column * rows + row < items.length; column++) {
      const item = items[column * rows + row];
      const last = (column + 1) * rows + row >= items.length;
      const shown = item.directory ? `${directoryColor}${item.name}${resetColor}` : item.name;
      line += last ? shown : shown + " ".repeat(cell - item.name.length);
    }
    lines.push(line);
  }
  return `${lines.join("\n")}\n`;
}

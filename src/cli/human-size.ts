// Human-readable byte counts as Docker prints them (go-units): decimal units for image sizes
// ("4.26MB"), binary units for memory ("1.944GiB").

import { formatGoG } from "./go-float-format.ts";

const decimalUnits = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
const binaryUnits = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];

/** Decimal size with `precision` significant digits (units.HumanSizeWithPrecision). */
export function humanSizeWithPrecision(bytes: number, precision: number): string {
  return scaled(bytes, 1000, decimalUnits, precision);
}

/** Binary size with four significant digits (units.BytesSize). */
export function bytesSize(bytes: number): string {
  return scaled(bytes, 1024, binaryUnits, 4);
}

function scaled(bytes: number, base: number, units: string[], precision: number): string {
  let size = bytes;
  let unit = 0;
  while (size >= base && unit < units.length - 1) {
    size /= base;
    unit += 1;
  }
  return `${formatGoG(size, precision)}${units[unit]}`;
}

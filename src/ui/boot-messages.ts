import type { BootReport } from "../api/types.ts";

/** The one line the terminal prints once the guest is up. */
export function describeBoot(report: BootReport): string {
  const seconds = (report.milliseconds / 1000).toFixed(1);
  const path = report.path === "cold-boot" ? "cold boot" : "snapshot restore";
  return `Guest ready: ${path} in ${seconds} s, ${report.memoryMiB} MiB of memory`;
}

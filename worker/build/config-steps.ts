// The steps that change only the image config (ENV, LABEL, CMD, …), applied as Docker's classic
// builder applies them, each with the text Docker records in the image's history for it
// ("/bin/sh -c #(nop)  ENV A=1"): the current SHELL, "#(nop) ", and the instruction.

import { EngineError } from "../../src/api/errors.ts";
import { parseSignal } from "../containers/signals.ts";
import type { ContainerDefaults, HealthConfig } from "../images/oci-types.ts";
import type { CommandLine, HealthcheckOptions, KeyValue } from "./dockerfile-plan.ts";

export const DEFAULT_SHELL = ["/bin/sh", "-c"];
export const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export function shellOf(config: ContainerDefaults): string[] {
  return config.Shell && config.Shell.length > 0 ? [...config.Shell] : [...DEFAULT_SHELL];
}

/** A shell-form command runs in the SHELL; an exec-form one as it is. */
export function resolveCommandLine(line: CommandLine, config: ContainerDefaults): string[] {
  return "exec" in line ? line.exec : [...shellOf(config), line.shell];
}

/** History text of a config-only step: the shell, "#(nop) " and the comment as separate words. */
export function nopComment(config: ContainerDefaults, comment: string): string {
  return [...shellOf(config), "#(nop) ", comment].join(" ");
}

/** The variant WORKDIR, COPY and ADD use: "#(nop) " joined to the comment. */
export function nopCommentString(config: ContainerDefaults, comment: string): string {
  return [...shellOf(config), `#(nop) ${comment}`].join(" ");
}

/** Go's %q of a []string: ["a" "b"]. */
export function goQuotedList(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(" ")}]`;
}

/** Go's time.Duration String() for nanoseconds: "1m30s", "500ms", "0s". */
export function goDuration(nanoseconds: number): string {
  if (nanoseconds === 0) return "0s";
  if (nanoseconds < 1e3) return `${nanoseconds}ns`;
  if (nanoseconds < 1e6) return `${trimDecimal(nanoseconds / 1e3)}µs`;
  if (nanoseconds < 1e9) return `${trimDecimal(nanoseconds / 1e6)}ms`;
  const hours = Math.floor(nanoseconds / 3600e9);
  const minutes = Math.floor((nanoseconds % 3600e9) / 60e9);
  const seconds = trimDecimal((nanoseconds % 60e9) / 1e9);
  return `${hours ? `${hours}h` : ""}${hours || minutes ? `${minutes}m` : ""}${seconds}s`;
}

function trimDecimal(value: number): string {
  return String(Number(value.toFixed(9)));
}

export function setEnv(config: ContainerDefaults, pairs: KeyValue[]): string {
  const env = [...(config.Env ?? [])];
  for (const { key, value = "" } of pairs) {
    const index = env.findIndex((variable) => variable.split("=", 1)[0] === key);
    if (index === -1) env.push(`${key}=${value}`);
    else env[index] = `${key}=${value}`;
  }
  config.Env = env;
  return `ENV ${pairs.map(({ key, value = "" }) => `${key}=${value}`).join(" ")}`;
}

export function addLabels(config: ContainerDefaults, pairs: KeyValue[]): string {
  config.Labels = { ...config.Labels };
  for (const { key, value = "" } of pairs) config.Labels[key] = value;
  return `LABEL ${pairs.map(({ key, value = "" }) => `${key}=${value}`).join(" ")}`;
}

/** Docker's port specs ("80", "80/udp", "8000-8002/tcp") as ExposedPorts keys. */
export function exposePorts(config: ContainerDefaults, ports: string[]): string {
  config.ExposedPorts = { ...config.ExposedPorts };
  for (const spec of ports) {
    const [range = "", protocol = "tcp"] = spec.split("/");
    const proto = protocol.toLowerCase();
    if (!["tcp", "udp", "sctp"].includes(proto)) throw new EngineError("invalid", `invalid proto: ${proto}`);
    const bounds = /^(\d+)(?:-(\d+))?$/.exec(range);
    const start = Number(bounds?.[1]);
    const end = Number(bounds?.[2] ?? bounds?.[1]);
    if (!bounds || start < 1 || end > 65535 || end < start) throw new EngineError("invalid", `invalid containerPort: ${range}`);
    for (let port = start; port <= end; port++) config.ExposedPorts[`${port}/${proto}`] = {};
  }
  return `EXPOSE ${ports.join(" ")}`;
}

export function addVolumes(config: ContainerDefaults, paths: string[]): string {
  config.Volumes = { ...config.Volumes };
  for (const path of paths) config.Volumes[path] = {};
  return `VOLUME [${paths.join(" ")}]`;
}

export function setStopSignal(config: ContainerDefaults, signal: string): string {
  parseSignal(signal);
  config.StopSignal = signal;
  return `STOPSIGNAL ${signal}`;
}

export function setHealthcheck(config: ContainerDefaults, health: HealthcheckOptions): string {
  const check: HealthConfig = { Test: health.test };
  if (health.interval) check.Interval = health.interval;
  if (health.timeout) check.Timeout = health.timeout;
  if (health.startPeriod) check.StartPeriod = health.startPeriod;
  if (health.startInterval) check.StartInterval = health.startInterval;
  if (health.retries) check.Retries = health.retries;
  config.Healthcheck = check;
  const test = `[${health.test.join(" ")}]`;
  return (
    `HEALTHCHECK &{Test:${test} Interval:${goDuration(health.interval)} Timeout:${goDuration(health.timeout)} ` +
    `StartPeriod:${goDuration(health.startPeriod)} StartInterval:${goDuration(health.startInterval)} Retries:${health.retries}}`
  );
}

/** WORKDIR: a relative path continues the current one; the result is clean and absolute. */
export function workdirPath(current: string | undefined, requested: string): string {
  const joined = requested.startsWith("/") ? requested : `${current || "/"}/${requested}`;
  const parts: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

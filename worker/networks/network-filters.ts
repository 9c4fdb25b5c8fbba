// Docker's filters of the network list (driver, id, label, name, scope, type, dangling) and of
// network prune (label, label!, until), with its error messages.

import { EngineError } from "../../src/api/errors.ts";
import { labelsMatch, safeRegExp } from "../events/filter-matching.ts";
import { epochMilliseconds } from "../containers/container-record.ts";
import { isPredefinedName, type NetworkRecord } from "./network-record.ts";

export type Filters = Record<string, string[]>;

const listFilters = new Set(["dangling", "driver", "id", "label", "name", "scope", "type"]);
const pruneFilters = new Set(["label", "label!", "until"]);

function checkNames(filters: Filters, accepted: Set<string>): void {
  for (const name of Object.keys(filters)) if (!accepted.has(name)) throw new EngineError("invalid", `invalid filter '${name}'`);
}

/** The list filter: `inUse` tells whether a running container is on the network (for dangling). */
export function networkListFilter(filters: Filters, inUse: (network: NetworkRecord) => boolean): (network: NetworkRecord) => boolean {
  checkNames(filters, listFilters);
  const values = (name: string) => filters[name] ?? [];
  const dangling = danglingValue(values("dangling"));
  for (const type of values("type")) if (type !== "custom" && type !== "builtin") throw new EngineError("invalid", `invalid filter: 'type'='${type}'`);
  const matches = (name: string, text: string) => values(name).length === 0 || values(name).some((pattern) => pattern === text || safeRegExp(pattern).test(text));
  const exactly = (name: string, text: string) => values(name).length === 0 || values(name).includes(text);
  return (network) => {
    const builtin = isPredefinedName(network.name);
    return (
      exactly("driver", network.driver) &&
      matches("name", network.name) &&
      matches("id", network.id) &&
      labelsMatch(values("label"), network.labels) &&
      exactly("scope", "local") &&
      (values("type").length === 0 || values("type").includes(builtin ? "builtin" : "custom")) &&
      (dangling === undefined || dangling === (!builtin && !inUse(network)))
    );
  };
}

function danglingValue(values: string[]): boolean | undefined {
  if (values.length === 0) return undefined;
  if (values.length > 1) throw new EngineError("invalid", `got more than one value for filter key "dangling"`);
  if (values[0] === "1" || values[0] === "true") return true;
  if (values[0] === "0" || values[0] === "false") return false;
  throw new EngineError("invalid", `invalid value for filter 'dangling', must be "true" (or "1"), or "false" (or "0")`);
}

/** The prune filter over user-defined networks: labels present (label) or absent (label!), created before `until`. */
export function networkPruneFilter(filters: Filters, now = Date.now()): (network: NetworkRecord) => boolean {
  checkNames(filters, pruneFilters);
  const until = untilMilliseconds(filters.until ?? [], now);
  const without = filters["label!"] ?? [];
  return (network) =>
    (until === undefined || (epochMilliseconds(network.created) ?? 0) < until) &&
    labelsMatch(filters.label ?? [], network.labels) &&
    (without.length === 0 || !labelsMatch(without, network.labels));
}

/** `until` as Unix seconds (with a fraction), an RFC 3339 time, or a Go duration counted back from now. */
function untilMilliseconds(values: string[], now: number): number | undefined {
  if (values.length === 0) return undefined;
  if (values.length > 1) throw new EngineError("invalid", "more than one until filter specified");
  const [value] = values;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const duration = /^(\d+h)?(\d+m)?(\d+s)?$/.exec(value);
  if (value !== "" && duration) {
    const amount = (part: string | undefined) => Number(part?.slice(0, -1) ?? 0);
    return now - (amount(duration[1]) * 3600 + amount(duration[2]) * 60 + amount(duration[3])) * 1000;
  }
  const time = Date.parse(value);
  if (value.includes("T") && !Number.isNaN(time)) return time;
  throw new EngineError("invalid", `failed to parse value as time or duration: "${value}"`);
}

// `docker version` output: a Client section, then a Server section (when the daemon answered)
// listing the Engine and the other components, aligned as docker aligns it.

import type { SystemVersion } from "../api/types.ts";
import type { ClientVersion } from "./client-version.ts";
import { tabwrite } from "./tab-writer.ts";

type Component = SystemVersion["Components"][number];

const versionLayout = { minWidth: 20, padding: 1 };

export function formatVersion(client: ClientVersion, server: SystemVersion | undefined): string {
  const lines = [
    `Client: ${client.platformName}`,
    ...labelled(" ", [
      ["Version", client.version],
      ["API version", client.apiVersion],
      ["Context", client.context],
    ]),
  ];
  if (server) lines.push("", ...serverLines(server));
  return tabwrite(`${lines.join("\n")}\n`, versionLayout);
}

function serverLines(server: SystemVersion): string[] {
  const lines = [server.Platform.Name ? `Server: ${server.Platform.Name}` : "Server:"];
  for (const component of componentsWithEngine(server)) {
    lines.push(` ${component.Name}:`);
    lines.push(...(component.Name === "Engine" ? engineLines(component) : otherComponentLines(component)));
  }
  return lines;
}

function engineLines({ Version, Details = {} }: Component): string[] {
  const os = [Details.Os, Details.Arch].filter(Boolean).join("/");
  const minimum = Details.MinAPIVersion ? ` (minimum version ${Details.MinAPIVersion})` : "";
  return labelled("  ", [
    ["Version", Version],
    ["API version", Details.ApiVersion && `${Details.ApiVersion}${minimum}`],
    ["Go version", Details.GoVersion],
    ["Git commit", Details.GitCommit],
    ["Built", Details.BuildTime && ansiDate(Details.BuildTime)],
    ["OS/Arch", os],
    ["Experimental", Details.Experimental],
  ]);
}

function otherComponentLines({ Version, Details = {} }: Component): string[] {
  const details = Object.keys(Details)
    .sort()
    .map((key): [string, string] => [key, Details[key]]);
  return labelled("  ", [["Version", Version], ...details]);
}

/** A daemon that lists no Engine component is described by its top-level fields, as docker does. */
function componentsWithEngine(server: SystemVersion): Component[] {
  if (server.Components.some((component) => component.Name === "Engine")) return server.Components;
  const engine: Component = {
    Name: "Engine",
    Version: server.Version,
    Details: {
      ApiVersion: server.ApiVersion,
      MinAPIVersion: server.MinAPIVersion,
      GitCommit: server.GitCommit,
      GoVersion: server.GoVersion ?? "",
      Os: server.Os,
      Arch: server.Arch,
      BuildTime: server.BuildTime,
      Experimental: "false",
    },
  };
  return [...server.Components, engine];
}

/** "Label:\tvalue" lines; a label without a value is left out. */
function labelled(indent: string, pairs: [string, string | undefined][]): string[] {
  return pairs.filter(([, value]) => value).map(([label, value]) => `${indent}${label}:\t${value}`);
}

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An RFC 3339 time in Go's ANSIC layout ("Wed Feb 26 10:41:12 2025"), keeping its own offset. */
function ansiDate(text: string): string {
  const match = rfc3339.exec(text);
  if (!match) return text;
  const [, year, month, day, clock] = match;
  const weekday = weekdays[new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDay()];
  return `${weekday} ${months[Number(month) - 1]} ${day.replace(/^0/, " ")} ${clock} ${year}`;
}

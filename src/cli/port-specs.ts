// `docker run -p` and `--expose` as the docker CLI reads them (go-connections' nat.ParsePortSpecs
// and the CLI's long syntax): `[ip:][hostPort[-end]:]containerPort[-end][/proto]` or
// `published=8080,target=80,protocol=tcp`, into the create request's ExposedPorts and
// HostConfig.PortBindings. Failures throw OptionValueError with the CLI's words.

import { parseIP } from "../api/ip-address.ts";
import type { PortMap } from "../api/network-types.ts";
import { OptionValueError } from "./container-option-values.ts";
import { goQuote } from "./go-quote.ts";

export interface PortOptions {
  exposedPorts: Record<string, object>;
  portBindings: PortMap;
}

/** Every -p and --expose value, in the order the docker CLI reads them. */
export function parsePortOptions(publish: readonly string[], expose: readonly string[]): PortOptions {
  const exposedPorts: Record<string, object> = {};
  const portBindings: PortMap = {};
  for (const spec of publish.map(standardNotation)) {
    for (const { port, hostIp, hostPort } of parsePortSpec(spec)) {
      exposedPorts[port] ??= {};
      (portBindings[port] ??= []).push({ HostIp: hostIp, HostPort: hostPort });
    }
  }
  for (const entry of expose) {
    if (entry.includes(":")) throw new OptionValueError(`invalid port format for --expose: ${entry}`);
    const [proto, port] = splitProtoPort(entry);
    let range: [number, number];
    try {
      range = parsePortRange(port);
    } catch (error) {
      if (!(error instanceof OptionValueError)) throw error;
      throw new OptionValueError(`invalid range format for --expose: ${entry}, error: ${error.message}`);
    }
    for (let number = range[0]; number <= range[1]; number += 1) exposedPorts[`${number}/${proto}`] ??= {};
  }
  return { exposedPorts, portBindings };
}

/** The long syntax `published=8080,target=80[,protocol=udp]` as the short one ("8080:80/udp"). */
function standardNotation(spec: string): string {
  if (!spec.includes("=")) return spec;
  const params: Record<string, string> = { protocol: "tcp" };
  for (const param of spec.split(",")) {
    const equals = param.indexOf("=");
    if (equals <= 0) throw new OptionValueError(`invalid publish opts format (should be name=value but got '${param}')`);
    params[param.slice(0, equals)] = param.slice(equals + 1);
  }
  return `${params.published ?? ""}:${params.target ?? ""}/${params.protocol}`;
}

interface PortMapping {
  /** "80/tcp" */
  port: string;
  hostIp: string;
  /** "" when the engine picks; "8000-8010" when it picks one of a range. */
  hostPort: string;
}

/** nat.ParsePortSpec: one spec, one mapping per container port of its range. */
export function parsePortSpec(raw: string): PortMapping[] {
  const parts = raw.split(":");
  const last = parts.length - 1;
  let ip = parts.length > 2 ? parts.slice(0, last - 1).join(":") : "";
  const hostPort = parts.length > 1 ? parts[last - 1] : "";
  const [proto, containerPort] = splitProtoPort(parts[last]);

  if (ip.startsWith("[")) ip = bracketedHost(ip);
  if (ip !== "" && parseIP(ip) === undefined) throw new OptionValueError(`invalid IP address: ${ip}`);
  if (containerPort === "") throw new OptionValueError(`no port specified: ${raw}<empty>`);
  const [start, end] = rangeOr(containerPort, `invalid containerPort: ${containerPort}`);
  const [hostStart, hostEnd] = hostPort === "" ? [0, 0] : rangeOr(hostPort, `invalid hostPort: ${hostPort}`);
  if (hostPort !== "" && end - start !== hostEnd - hostStart && end !== start) {
    throw new OptionValueError(`invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`);
  }
  if (!["tcp", "udp", "sctp"].includes(proto.toLowerCase())) throw new OptionValueError(`invalid proto: ${proto}`);

  const mappings: PortMapping[] = [];
  for (let offset = 0; offset <= end - start; offset += 1) {
    let host = hostPort === "" ? "" : String(hostStart + offset);
    if (start === end && hostStart !== hostEnd) host = `${host}-${hostEnd}`;
    mappings.push({ port: `${start + offset}/${proto.toLowerCase()}`, hostIp: ip, hostPort: host });
  }
  return mappings;
}

/** nat.SplitProtoPort: "80/udp" → ["udp", "80"]; no protocol is tcp; "" or "/x" → ["", ""]. */
function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split("/");
  if (raw === "" || parts[0] === "") return ["", ""];
  if (parts.length === 1 || parts[1] === "") return ["tcp", parts[0]];
  return [parts[1], parts[0]];
}

function rangeOr(ports: string, message: string): [number, number] {
  try {
    return parsePortRange(ports);
  } catch (error) {
    if (error instanceof OptionValueError) throw new OptionValueError(message);
    throw error;
  }
}

/** nat.ParsePortRange: "80" or "8000-8010" (what follows a second "-" is ignored, as Go does). */
function parsePortRange(ports: string): [number, number] {
  if (ports === "") throw new OptionValueError("empty string specified for ports");
  if (!ports.includes("-")) {
    const port = parsePortNumber(ports);
    return [port, port];
  }
  const parts = ports.split("-");
  const start = parsePortNumber(parts[0]);
  const end = parsePortNumber(parts[1]);
  if (end < start) throw new OptionValueError(`invalid range specified for port: ${ports}`);
  return [start, end];
}

/** strconv.ParseUint(text, 10, 16) with its messages. */
function parsePortNumber(text: string): number {
  if (!/^\d+$/.test(text)) throw new OptionValueError(`strconv.ParseUint: parsing ${goQuote(text)}: invalid syntax`);
  const value = Number(text);
  if (value > 0xffff) throw new OptionValueError(`strconv.ParseUint: parsing ${goQuote(text)}: value out of range`);
  return value;
}

/** The host of "[addr]" as net.SplitHostPort("[addr]:") finds it, with its complaint otherwise. */
function bracketedHost(ip: string): string {
  const hostport = `${ip}:`;
  const end = hostport.indexOf("]");
  const fail = (why: string) => new OptionValueError(`invalid IP address ${ip}: address ${hostport}: ${why}`);
  if (end < 0) throw fail("missing ']' in address");
  if (end + 1 !== hostport.length - 1) throw fail(hostport[end + 1] === ":" ? "too many colons in address" : "missing port in address");
  if (hostport.indexOf("[", 1) >= 0) throw fail("unexpected '[' in address");
  if (hostport.indexOf("]", end + 1) >= 0) throw fail("unexpected ']' in address");
  return hostport.slice(1, end);
}

// Turns `docker run` options into the body of POST /containers/create, field by field as the docker
// CLI fills it (options the user did not give are left out, for the daemon's defaults). Merging with
// the image's config (an entrypoint given without a command drops the image's Cmd) is the daemon's
// job. The options must have passed runOptionsError.

import type { ContainerCreateRequest, HostConfig, PortMap } from "../api/types.ts";
import { parseRestartPolicy } from "./container-option-values.ts";
import { endpointsConfig, parseNetworkAttachment } from "./network-options.ts";
import { parsePortOptions } from "./port-specs.ts";
import type { RunOptions } from "./run-options.ts";

export function buildCreateRequest(options: RunOptions): ContainerCreateRequest {
  const ports = parsePortOptions(options.publish, options.expose);
  const attached = !options.detach;
  const attachStdin = attached && options.interactive;
  const request: ContainerCreateRequest = {
    Image: options.image,
    Tty: options.tty,
    OpenStdin: options.interactive,
    // Close the container's stdin when the attached client lets go of it.
    StdinOnce: attachStdin,
    AttachStdin: attachStdin,
    AttachStdout: attached,
    AttachStderr: attached,
    HostConfig: buildHostConfig(options, ports.portBindings),
  };
  if (options.command.length > 0) request.Cmd = options.command;
  if (options.entrypoint !== undefined) request.Entrypoint = [options.entrypoint];
  if (options.env.length > 0) request.Env = options.env;
  if (options.workdir) request.WorkingDir = options.workdir;
  if (options.user) request.User = options.user;
  if (options.hostname) request.Hostname = options.hostname;
  if (options.labels.length > 0) request.Labels = keyValueMap(options.labels, "=");
  if (options.stopSignal) request.StopSignal = options.stopSignal;
  if (options.stopTimeout !== undefined) request.StopTimeout = options.stopTimeout;
  if (Object.keys(ports.exposedPorts).length > 0) request.ExposedPorts = ports.exposedPorts;
  const endpoints = endpointsConfig(options.networks, { aliases: options.networkAliases, ipv4Address: options.ipv4Address });
  if (Object.keys(endpoints).length > 0) request.NetworkingConfig = { EndpointsConfig: endpoints };
  return request;
}

function buildHostConfig(options: RunOptions, portBindings: PortMap): HostConfig {
  const hostConfig: HostConfig = { AutoRemove: options.autoRemove, RestartPolicy: parseRestartPolicy(options.restart) };
  if (options.memory) hostConfig.Memory = options.memory;
  if (options.memorySwap) hostConfig.MemorySwap = options.memorySwap;
  if (options.nanoCpus) hostConfig.NanoCpus = options.nanoCpus;
  if (options.pidsLimit !== undefined) hostConfig.PidsLimit = options.pidsLimit;
  if (options.init !== undefined) hostConfig.Init = options.init;
  if (options.readOnly) hostConfig.ReadonlyRootfs = true;
  if (options.tmpfs.length > 0) hostConfig.Tmpfs = keyValueMap(options.tmpfs, ":");
  // The first network is the container's network mode, as Docker's CLI makes it.
  const [network] = options.networks;
  if (network !== undefined) hostConfig.NetworkMode = parseNetworkAttachment(network).target;
  if (Object.keys(portBindings).length > 0) hostConfig.PortBindings = portBindings;
  if (options.publishAll) hostConfig.PublishAllPorts = true;
  if (options.dns.length > 0) hostConfig.Dns = options.dns;
  if (options.dnsOptions.length > 0) hostConfig.DnsOptions = options.dnsOptions;
  if (options.dnsSearch.length > 0) hostConfig.DnsSearch = options.dnsSearch;
  if (options.extraHosts.length > 0) hostConfig.ExtraHosts = options.extraHosts;
  return hostConfig;
}

/** `key<separator>value` entries as a map; an entry without the separator maps to "". */
function keyValueMap(entries: readonly string[], separator: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf(separator);
    if (at < 0) map[entry] = "";
    else map[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return map;
}

// HostConfig.NetworkMode as Docker reads it: "" and "default" mean the default bridge; "host" and
// "none" the predefined networks of those names; "container:<id>" another container's namespace;
// anything else a user-defined network's name or id.

/** The mode with the default spelled out: "bridge" for "" and "default". */
export function normalizedNetworkMode(mode: string | undefined): string {
  return !mode || mode === "default" ? "bridge" : mode;
}

export function isHostMode(mode: string | undefined): boolean {
  return normalizedNetworkMode(mode) === "host";
}

export function isNoneMode(mode: string | undefined): boolean {
  return normalizedNetworkMode(mode) === "none";
}

export function isContainerMode(mode: string | undefined): boolean {
  return normalizedNetworkMode(mode).startsWith("container:");
}

/** A network named (or id'd) by the user: not bridge, host, none or a container's. */
export function isUserDefined(nameOrMode: string | undefined): boolean {
  const mode = normalizedNetworkMode(nameOrMode);
  return mode !== "bridge" && mode !== "host" && mode !== "none" && !isContainerMode(mode);
}

// What docker network ls shows of a network (the CLI's networkContext): the default table's format,
// and the fields a --format template sees (.ID, .Name, .Driver, .Scope, .IPv4, .IPv6, .Internal,
// .Labels, .Label "k", .CreatedAt), the ID cut to 12 characters unless --no-trunc.

import type { Network } from "../api/network-types.ts";
import { goStructType } from "./go-template.ts";
import { goTimeStringOfRfc3339 } from "./go-time.ts";
import { shortId } from "./short-id.ts";

export const defaultNetworkTableFormat = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";

/** The headers of the columns, as a template sees them in the header line. */
export const networkTableHeaders = {
  CreatedAt: "CREATED AT",
  Driver: "DRIVER",
  ID: "NETWORK ID",
  IPv4: "IPV4",
  IPv6: "IPV6",
  Internal: "INTERNAL",
  Labels: "LABELS",
  Name: "NAME",
  Scope: "SCOPE",
};

/** The fields in alphabetical order, as {{json .}} lists them. */
export function networkTemplateView(network: Network, truncate: boolean): object {
  const labels = network.Labels ?? {};
  return {
    [goStructType]: "*network.networkContext",
    CreatedAt: goTimeStringOfRfc3339(network.Created),
    Driver: network.Driver,
    ID: truncate ? shortId(network.Id) : network.Id,
    IPv4: String(network.EnableIPv4),
    IPv6: String(network.EnableIPv6),
    Internal: String(network.Internal),
    Labels: Object.entries(labels)
      .map(([key, value]) => `${key}=${value}`)
      .sort()
      .join(","),
    Name: network.Name,
    Scope: network.Scope,
    Label: (name: string) => labels[name] ?? "",
  };
}

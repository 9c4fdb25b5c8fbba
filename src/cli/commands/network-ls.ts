// docker network ls / docker network list: the networks (those --filter selects) in natural order
// of their names, as the default table, IDs only (-q), Docker's raw format or a --format template.

import type { Network } from "../../api/network-types.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { TemplateExecutionError, TemplateParseError } from "../go-template.ts";
import { parseFilters } from "../list-filters.ts";
import { formatList, parseListFormat } from "../list-format.ts";
import { naturalOrder } from "../natural-order.ts";
import { networkLsSpec } from "../network-command-specs.ts";
import { defaultNetworkTableFormat, networkTableHeaders, networkTemplateView } from "../network-table.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

const rawFormat = "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n";

export const networkLsVerb: Verb = {
  spec: networkLsSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const { flags } = parsed;
    const filters = parseFilters(flags.list("filter"));
    let networks: Network[];
    try {
      networks = await ctx.engine.networkList(Object.keys(filters).length > 0 ? { filters } : {});
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
    networks.sort((a, b) => naturalOrder(a.Name, b.Name));
    const truncate = !flags.bool("no-trunc");
    try {
      const format = parseListFormat(outputFormat(flags.string("format") || "table", flags.bool("quiet")));
      ctx.stdout.write(formatList(format, networks.map((network) => networkTemplateView(network, truncate)), networkTableHeaders));
      return 0;
    } catch (error) {
      if (!(error instanceof TemplateParseError || error instanceof TemplateExecutionError)) throw error;
      ctx.stderr.write(`template parsing error: ${error.message}\n`);
      return 1;
    }
  },
};

/** The network formatter's NewFormat: -q changes only the "table" and "raw" formats. */
function outputFormat(format: string, quiet: boolean): string {
  if (format === "table") return quiet ? "{{.ID}}" : defaultNetworkTableFormat;
  if (format === "raw") return quiet ? "network_id: {{.ID}}" : rawFormat;
  return format;
}

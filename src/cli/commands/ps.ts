// docker ps / docker container ls: list running containers (all with -a, the last n created with
// -n, the latest with -l, those --filter selects), as the default table, IDs only (-q) or a
// --format template. A template that reads .Size makes the engine compute sizes, as -s does.

import type { EngineApi } from "../../api/engine-api.ts";
import type { ContainerSummary } from "../../api/types.ts";
import { psSpec } from "../container-command-specs.ts";
import {
  containerTableHeaders,
  containerTemplateView,
  defaultContainerTableFormat,
  sizedContainerTableFormat,
  type ContainerViewOptions,
} from "../container-table.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { parseGoTemplate, TemplateExecutionError, TemplateParseError, type GoTemplate } from "../go-template.ts";
import { formatList, parseListFormat } from "../list-format.ts";
import { parseFilters } from "../list-filters.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

type ListRequest = Parameters<EngineApi["containerList"]>[0];

export const psVerb: Verb = {
  spec: psSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const { flags } = parsed;
    const quiet = flags.bool("quiet");
    const customFormat = flags.string("format") ?? "";
    if (customFormat && quiet) ctx.stderr.write("WARNING: Ignoring custom format, because both --format and --quiet are set.\n");

    let size = flags.bool("size");
    let last = flags.int("last") ?? -1;
    if (flags.bool("latest") && last === -1) last = 1;
    const viewOptions: ContainerViewOptions = {
      truncate: !flags.bool("no-trunc"),
      now: Date.now(),
      timezoneOffset: (epochMs) => new Date(epochMs).getTimezoneOffset(),
    };

    if (customFormat) {
      // Docker checks the template on an empty container first, and learns whether it reads .Size.
      let sizeRead = false;
      const checked = checkTemplate(customFormat, { ...viewOptions, onSizeRead: () => (sizeRead = true) });
      if (typeof checked === "string") {
        ctx.stderr.write(`${checked}\n`);
        return 1;
      }
      if (!quiet && !size && !flags.changed("size") && sizeRead) size = true;
    }

    // Docker's client sends only what differs from the API's defaults.
    const filters = parseFilters(flags.list("filter"));
    const request: ListRequest = {
      ...(flags.bool("all") ? { all: true } : {}),
      ...(last > 0 ? { limit: last } : {}),
      ...(size ? { size: true } : {}),
      ...(Object.keys(filters).length > 0 ? { filters } : {}),
    };

    let containers: ContainerSummary[];
    try {
      containers = await ctx.engine.containerList(request);
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
    const format = parseListFormat(outputFormat(customFormat, quiet, size));
    try {
      const rows = containers.map((container) => containerTemplateView(container, viewOptions));
      ctx.stdout.write(formatList(format, rows, containerTableHeaders));
      return 0;
    } catch (error) {
      if (!(error instanceof TemplateExecutionError)) throw error;
      ctx.stderr.write(`template parsing error: ${error.message}\n`);
      return 1;
    }
  },
};

/** formatter.NewContainerFormat: the format docker ps prints with. */
function outputFormat(customFormat: string, quiet: boolean, size: boolean): string {
  if (quiet) return "{{.ID}}";
  if (customFormat === "" || customFormat === "table") return size ? sizedContainerTableFormat : defaultContainerTableFormat;
  return customFormat;
}

/**
 * The template's parse or execution failure, worded as docker ps words it, or the template. Docker
 * checks the format as typed, "table" prefix and all.
 */
function checkTemplate(customFormat: string, viewOptions: ContainerViewOptions): GoTemplate | string {
  let template: GoTemplate;
  try {
    template = parseGoTemplate(customFormat);
  } catch (error) {
    if (!(error instanceof TemplateParseError)) throw error;
    return `failed to parse template: ${error.message}`;
  }
  const empty: ContainerSummary = {
    Id: "",
    Names: [],
    Image: "",
    ImageID: "",
    Command: "",
    Created: 0,
    State: "created",
    Status: "",
    Labels: {},
    Ports: [],
    Mounts: [],
  };
  try {
    template.execute(containerTemplateView(empty, viewOptions));
    return template;
  } catch (error) {
    if (!(error instanceof TemplateExecutionError)) throw error;
    return `failed to execute template: ${error.message}`;
  }
}

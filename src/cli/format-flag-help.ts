// The help text of --format, as Docker words it for list verbs and for inspect verbs.

const templateLines = [
  "'json':             Print in JSON format",
  "'TEMPLATE':         Print output using the given Go template.",
  "Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
];

export const listFormatHelp = [
  "Format output using a custom template:",
  "'table':            Print output in table format with column headers (default)",
  "'table TEMPLATE':   Print output in table format using the given Go template",
  ...templateLines,
].join("\n");

export const inspectFormatHelp = ["Format output using a custom template:", ...templateLines].join("\n");

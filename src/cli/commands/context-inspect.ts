// docker context inspect [NAME...]: the contexts (the current one when none is named) as Docker
// prints them, or through a --format template.

import { contextInspectSpec } from "../context-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import { defaultContextName } from "../context-store.ts";
import { contextInspectView } from "../context-views.ts";
import type { CommandContext, Verb } from "../context.ts";
import { currentContext } from "../daemon-endpoint.ts";
import { inspectEach } from "../inspect-output.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerContextInspect(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const names = parsed.args.length > 0 ? parsed.args : [currentContext(ctx)];
  const { store } = ctx.endpoints;
  return inspectEach(ctx, names, parsed.flags.string("format"), {
    async fetch(name) {
      const view = contextInspectView(name === defaultContextName ? undefined : store.get(name));
      return { json: view, templateView: view };
    },
    describeFailure: (_name, error) => (error instanceof Error ? error.message : String(error)),
  });
}

export const contextInspectVerb: Verb = { spec: contextInspectSpec, run: dockerContextInspect };

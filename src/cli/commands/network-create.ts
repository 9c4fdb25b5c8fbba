// docker network create NETWORK: checks the address options as the docker CLI does, creates the
// network and prints its ID.

import type { Verb } from "../context.ts";
import { OptionValueError } from "../container-option-values.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { networkCreateSpec } from "../network-command-specs.ts";
import { buildNetworkCreateRequest } from "../network-create-request.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const networkCreateVerb: Verb = {
  spec: networkCreateSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    let body;
    try {
      body = buildNetworkCreateRequest(parsed.args[0], parsed.flags);
    } catch (error) {
      if (!(error instanceof OptionValueError)) throw error;
      ctx.stderr.write(`${error.message}\n`);
      return 1;
    }
    try {
      const created = await ctx.engine.networkCreate({ body });
      ctx.stdout.write(`${created.Id}\n`);
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};

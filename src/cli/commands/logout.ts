// docker logout [SERVER]: the engine forgets its login for the registry (the default one when none
// is named), and the client says so in Docker's words.

import { logoutSpec } from "../image-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerLogout(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const server = parsed.args[0];
  try {
    const answer = await ctx.engine.registryLogout({ body: server ? { serveraddress: server } : {} });
    const named = server ?? answer.ServerAddress;
    ctx.stdout.write(answer.Removed ? `Removing login credentials for ${named}\n` : `Not logged in to ${named}\n`);
    return 0;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}

export const logoutVerb: Verb = { spec: logoutSpec, run: dockerLogout };

// The verbs berth lists but cannot run yet (create, start, exec, attach, cp): their help and
// argument checks work as Docker's do; running one says berth does not support it yet.

import type { CommandSpec } from "../command-specs.ts";
import type { Verb } from "../context.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export function notYetSupported(spec: CommandSpec): Verb {
  return {
    spec,
    async run(args, ctx, typed) {
      const parsed = parseVerbArguments(typed, args, ctx);
      if (typeof parsed === "number") return parsed;
      ctx.stderr.write(`docker: '${typed.path}' is not supported by berth yet\n`);
      return 1;
    },
  };
}

// docker import / docker image import: a filesystem tarball from the host becomes a one-layer
// image (named when REPOSITORY[:TAG] is given); prints its id, as Docker does.

import type { MessageSink } from "../../api/engine-api.ts";
import type { JsonMessage } from "../../api/types.ts";
import { readHostArchive } from "../host-archive.ts";
import type { Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { importSpec } from "../image-command-specs.ts";
import { InvalidReferenceError, parseNormalizedNamed, qualifiedString } from "../normalized-reference.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const importVerb: Verb = {
  spec: importSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const [source, reference] = parsed.args as [string, string | undefined];
    let repo: string | undefined;
    if (reference) {
      try {
        repo = qualifiedString(parseNormalizedNamed(reference));
      } catch (error) {
        if (!(error instanceof InvalidReferenceError)) throw error;
        ctx.stderr.write(`${error.message}\n`);
        return 1;
      }
    }
    if (/^https?:\/\//.test(source)) {
      ctx.stderr.write(`Error response from daemon: cannot import from ${source}: berth imports only a file\n`);
      return 1;
    }
    const tarball = await readHostArchive(ctx, source, "");
    if (!tarball) return 1;
    const sink: MessageSink<JsonMessage> = { report: (message) => void (message.status && ctx.stdout.write(`${message.status}\n`)) };
    try {
      const connection = await ctx.engine.imageCreate(
        { fromSrc: "-", repo, message: parsed.flags.string("message"), changes: parsed.flags.list("change"), body: tarball },
        ctx.proxy(sink),
      );
      await connection.done();
      return 0;
    } catch (error) {
      return reportEngineFailure(ctx, error);
    }
  },
};

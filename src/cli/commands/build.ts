// docker build / docker image build: the classic builder's client. Prepares the context (a host
// directory, or stdin), sends it with the options, shows the build's stream, and exits with the
// failed step's code (a RUN's exit status) as Docker's CLI does.

import { isEngineError } from "../../api/errors.ts";
import { BuildOutputDisplay } from "../build-output-display.ts";
import { ContextError, prepareBuildContext } from "../build-context.ts";
import type { Verb } from "../context.ts";
import { describeEngineFailure } from "../engine-failure.ts";
import { humanSizeWithPrecision } from "../human-size.ts";
import { buildSpec } from "../image-command-specs.ts";
import { InvalidReferenceError, parseNormalizedNamed } from "../normalized-reference.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

export const buildVerb: Verb = {
  spec: buildSpec,
  async run(args, ctx, spec) {
    const parsed = parseVerbArguments(spec, args, ctx);
    if (typeof parsed === "number") return parsed;
    const { flags } = parsed;
    const tags = flags.list("tag");
    for (const tag of tags) {
      try {
        parseNormalizedNamed(tag);
      } catch (error) {
        if (!(error instanceof InvalidReferenceError)) throw error;
        ctx.stderr.write(`invalid argument "${tag}" for "-t, --tag" flag: ${error.message}\nSee 'docker build --help'.\n`);
        return 125;
      }
    }
    const quiet = flags.bool("quiet");

    let prepared;
    try {
      prepared = await prepareBuildContext(parsed.args[0]!, flags.string("file"), { fs: ctx.hostFs, stdin: ctx.stdin });
    } catch (error) {
      if (!(error instanceof ContextError)) throw error;
      ctx.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (!quiet) ctx.stdout.write(`Sending build context to Docker daemon  ${humanSizeWithPrecision(prepared.archive.length, 4)}\n`);

    const display = new BuildOutputDisplay(ctx.stdout, ctx.terminal);
    try {
      const connection = await ctx.engine.imageBuild(
        {
          body: prepared.archive,
          dockerfile: prepared.dockerfile,
          t: tags,
          q: quiet,
          nocache: flags.bool("no-cache"),
          pull: flags.bool("pull") ? "1" : undefined,
          rm: flags.bool("rm"),
          buildargs: JSON.stringify(keyValues(flags.list("build-arg"), null)),
          labels: JSON.stringify(keyValues(flags.list("label"), "")),
          target: flags.string("target"),
        },
        ctx.proxy(display),
      );
      await connection.done();
      return 0;
    } catch (error) {
      // Once the build has begun, its failure is the step's (the command's own message and code).
      if (display.started && isEngineError(error)) {
        ctx.stderr.write(`${error.message}\n`);
        return error.exitStatus ?? 1;
      }
      ctx.stderr.write(`${describeEngineFailure(error)}\n`);
      return 1;
    }
  },
};

/**
 * "K=V" pairs as an object; a bare "K" gets `bare` (a build arg: null, its Dockerfile default,
 * since the page has no environment to take it from; a label: empty).
 */
function keyValues<Bare extends string | null>(pairs: string[], bare: Bare): Record<string, string | Bare> {
  const values: Record<string, string | Bare> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf("=");
    if (separator < 0) values[pair] = bare;
    else values[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  return values;
}

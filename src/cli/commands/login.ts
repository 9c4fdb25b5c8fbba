// docker login [SERVER]: asks for the username (echoed) and the password (not echoed) where the
// flags do not give them, then has the engine check the login with the registry and keep it (the
// page never keeps a password). With --password-stdin the password is the next line of input,
// unechoed. Prints Docker's "Login Succeeded".

import { loginSpec } from "../image-command-specs.ts";
import type { CommandSpec } from "../command-specs.ts";
import type { CommandContext, Verb } from "../context.ts";
import { reportEngineFailure } from "../engine-failure.ts";
import { lineReader } from "../line-prompt.ts";
import { parseVerbArguments } from "../verb-arguments.ts";

async function dockerLogin(args: string[], ctx: CommandContext, spec: CommandSpec): Promise<number> {
  const parsed = parseVerbArguments(spec, args, ctx);
  if (typeof parsed === "number") return parsed;
  const server = parsed.args[0];
  let username = parsed.flags.string("username")?.trim();
  let password = parsed.flags.string("password");
  const passwordStdin = parsed.flags.bool("password-stdin");

  if (password !== undefined) {
    ctx.stderr.write("WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n");
    if (passwordStdin) {
      ctx.stderr.write("--password and --password-stdin are mutually exclusive\n");
      return 1;
    }
  }
  if (passwordStdin && !username) {
    ctx.stderr.write("Must provide --username with --password-stdin\n");
    return 1;
  }
  const reader = lineReader(ctx);
  try {
    if (passwordStdin) {
      const line = await reader.read("", { echo: false });
      if (line.kind === "interrupted") return 130;
      password = line.kind === "line" ? line.text : "";
    }
    if (!username) {
      const answer = await reader.read("Username: ", { echo: true });
      if (answer.kind === "interrupted") return 130;
      username = answer.kind === "line" ? answer.text.trim() : "";
      if (username === "") {
        ctx.stderr.write("Error: Non-null Username Required\n");
        return 1;
      }
    }
    if (password === undefined) {
      const answer = await reader.read("Password: ", { echo: false });
      if (answer.kind === "interrupted") return 130;
      password = answer.kind === "line" ? answer.text : "";
      if (password === "") {
        ctx.stderr.write("Error: Password Required\n");
        return 1;
      }
    }
  } finally {
    reader.close();
  }

  try {
    const answer = await ctx.engine.registryLogin({ body: { username, password, ...(server ? { serveraddress: server } : {}) } });
    ctx.stdout.write(`${answer.Status}\n`);
    return 0;
  } catch (error) {
    return reportEngineFailure(ctx, error);
  }
}

export const loginVerb: Verb = { spec: loginSpec, run: dockerLogin };

// The page's host shell: reads a command line (with its heredocs), applies its redirections, and
// runs a file command over the workspace, a page command (download, edit, help, clear) or the
// docker CLI, which gets the redirected stdin and stdout and the workspace through its context.

import type { CommandContext, TextSink } from "../cli/context.ts";
import { ShellSyntaxError } from "../cli/shell-words.ts";
import { failureReason } from "./command-options.ts";
import { fileCommands, type FileCommand } from "./file-commands.ts";
import { parseShellInput, type Redirect, type ShellCommand } from "./shell-input.ts";
import { WorkspaceFileSystem, type WorkspaceApi } from "./workspace-file-system.ts";

/** Runs `docker ARGS…` with these parts of its context replaced. */
export type DockerRunner = (args: string[], overrides: Pick<CommandContext, "hostFs" | "stdin" | "stdout" | "stdoutRedirected">) => Promise<number>;

export interface ShellTerminal {
  stdout: TextSink;
  stderr: TextSink;
  readonly columns: number;
}

/** Exit codes of a shell: a syntax error, a program that is not there. */
const syntaxErrorExitCode = 2;
const commandNotFoundExitCode = 127;
const encoder = new TextEncoder();

export class HostShell {
  readonly fs: WorkspaceFileSystem;

  constructor(
    workspace: WorkspaceApi,
    private readonly docker: DockerRunner,
    /** Commands of the page itself (download, edit, help, clear), beside the file commands. */
    private readonly pageCommands: Record<string, FileCommand> = {},
  ) {
    this.fs = new WorkspaceFileSystem(workspace);
  }

  /** Runs one command line with its heredoc bodies; resolves to its exit code. */
  async run(text: string, terminal: ShellTerminal): Promise<number> {
    let command: ShellCommand;
    try {
      const input = parseShellInput(text);
      if (input.kind === "incomplete") throw new ShellSyntaxError("unexpected end of file");
      command = input.command;
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      terminal.stderr.write(`berth: ${error.message}\n`);
      return syntaxErrorExitCode;
    }
    const input = await this.#stdin(command.redirects, terminal.stderr);
    if (input === false) return 1;
    const output = command.redirects.filter(isOutput).at(-1);
    if (output && !(await this.#openOutput(output.target, output.operator === ">>", terminal.stderr))) return 1;
    const collected: Uint8Array<ArrayBuffer>[] = [];
    const stdout: TextSink = output ? { write: (data) => collected.push(typeof data === "string" ? encoder.encode(data) : new Uint8Array(data)) } : terminal.stdout;
    const status = await this.#dispatch(command.words, { stdin: input, stdout, stderr: terminal.stderr, columns: output ? undefined : terminal.columns }, Boolean(output));
    if (output && collected.length > 0) {
      const bytes = new Uint8Array(await new Blob(collected).arrayBuffer());
      await this.fs.write(output.target, bytes, { append: true }).catch((error: unknown) => {
        terminal.stderr.write(`berth: can't write ${output.target}: ${failureReason(error)}\n`);
      });
    }
    return status;
  }

  async #dispatch(words: string[], io: { stdin?: Uint8Array; stdout: TextSink; stderr: TextSink; columns?: number }, redirected: boolean): Promise<number> {
    const [name, ...args] = words;
    if (name === undefined) return 0;
    if (name === "docker") return this.docker(args, { hostFs: this.fs, stdin: io.stdin, stdout: io.stdout, stdoutRedirected: redirected });
    const command = Object.hasOwn(fileCommands, name) ? fileCommands[name] : Object.hasOwn(this.pageCommands, name) ? this.pageCommands[name] : undefined;
    if (!command) {
      io.stderr.write(`berth: ${name}: command not found\n`);
      return commandNotFoundExitCode;
    }
    return command(args, { fs: this.fs, ...io });
  }

  /** The last input redirection's bytes (a file or a heredoc); false when a file could not be read. */
  async #stdin(redirects: Redirect[], stderr: TextSink): Promise<Uint8Array | undefined | false> {
    const input = redirects.filter((redirect) => redirect.operator === "<" || redirect.operator === "<<").at(-1);
    if (!input) return undefined;
    if (input.operator === "<<") return encoder.encode(input.body);
    if (input.operator !== "<") return undefined;
    const entry = await this.fs.stat(input.target);
    if (!entry) return fail(stderr, `berth: can't open '${input.target}': No such file or directory`);
    if (entry.type === "dir") return fail(stderr, `berth: can't open '${input.target}': Is a directory`);
    return this.fs.read(input.target);
  }

  /** Creates (or with `>`, empties) the output file before the command runs, as a shell does. */
  async #openOutput(target: string, append: boolean, stderr: TextSink): Promise<boolean> {
    try {
      await this.fs.write(target, new Uint8Array(0), { append });
      return true;
    } catch (error) {
      const reason = failureReason(error);
      return fail(stderr, `berth: can't create ${target}: ${reason === "No such file or directory" ? "nonexistent directory" : reason}`);
    }
  }
}

function fail(stderr: TextSink, message: string): false {
  stderr.write(`${message}\n`);
  return false;
}

function isOutput(redirect: Redirect): redirect is { operator: ">" | ">>"; target: string } {
  return redirect.operator === ">" || redirect.operator === ">>";
}

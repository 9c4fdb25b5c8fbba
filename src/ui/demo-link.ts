// What a demo link asks of the page: commands to put on the prompt (`?run=…`, repeatable, or the
// same in the fragment, `#run=…`) and a shared session (`#share=…`, see share-payload.ts). Pure:
// the page reads its own address and hands the parts in. Commands are only shown, never run: the
// terminal runs each when the person presses Enter.

import { EngineError } from "../api/errors.ts";

export interface DemoLink {
  /** Commands for the prompt, in order: the query's, then the fragment's. */
  commands: string[];
  /** The fragment's encoded shared session, when there is one. */
  share?: string;
}

/** A link brings at most this many commands, each at most this long (a heredoc with its body fits). */
export const maxLinkCommands = 100;
export const maxLinkCommandLength = 16_384;

/** Reads a page address's query (`location.search`) and fragment (`location.hash`); refuses bad commands. */
export function parseDemoLink(search: string, hash: string): DemoLink {
  const query = new URLSearchParams(search);
  const fragment = new URLSearchParams(hash.replace(/^#/, ""));
  const commands = checkLinkCommands([...query.getAll("run"), ...fragment.getAll("run")]);
  const share = fragment.get("share") ?? undefined;
  return share === undefined ? { commands } : { commands, share };
}

/**
 * `commands` if each can be shown faithfully on the prompt: no control characters but line breaks
 * (an escape sequence could hide or fake what Enter would run), within the limits above.
 */
export function checkLinkCommands(commands: readonly unknown[]): string[] {
  if (commands.length > maxLinkCommands) throw new EngineError("invalid", `the link brings ${commands.length} commands, more than ${maxLinkCommands}`);
  return commands.map((command) => {
    if (typeof command !== "string") throw new EngineError("invalid", "the link's commands must be text");
    if (command.length > maxLinkCommandLength) throw new EngineError("invalid", `a command in the link is longer than ${maxLinkCommandLength} characters`);
    const control = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/.exec(command);
    if (control) {
      const code = control[0].charCodeAt(0).toString(16).padStart(2, "0");
      throw new EngineError("invalid", `a command in the link holds the control character \\x${code}`);
    }
    return command;
  });
}

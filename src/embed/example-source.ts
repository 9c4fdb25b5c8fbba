// What a <docker-run> element asks to run, read from its markup: the command lines (the `command`
// attribute, or else the element's own text; with `image`, the command runs in a container of that
// image) and the files of its workspace (child <script type="text/plain" data-path="…">). Markup is
// indented with the page, so text loses the indentation all its lines share.

import { needsMoreInput } from "../shell/shell-input.ts";

export interface ExampleFile {
  /** Relative to the example's workspace directory. */
  path: string;
  text: string;
}

/** `text` without its leading and trailing blank lines, and without the indentation its lines share. */
export function dedent(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length > 0 && lines[0].trim() === "") lines.shift();
  while (lines.length > 0 && lines.at(-1)!.trim() === "") lines.pop();
  const indents = lines.filter((line) => line.trim() !== "").map((line) => /^[ \t]*/.exec(line)![0].length);
  const shared = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(shared)).join("\n");
}

/**
 * The command lines of a script, each with the lines it continues onto (a heredoc's body, an open
 * quote). Blank lines and `#` comment lines between commands are skipped; an unfinished last
 * command is kept, for the shell to report.
 */
export function splitCommands(script: string): string[] {
  const commands: string[] = [];
  let current: string[] = [];
  for (const line of dedent(script).split("\n")) {
    if (current.length === 0 && (line.trim() === "" || line.trimStart().startsWith("#"))) continue;
    current.push(line);
    const command = current.join("\n");
    if (!needsMoreInput(command)) {
      commands.push(command);
      current = [];
    }
  }
  if (current.length > 0) commands.push(current.join("\n"));
  return commands;
}

/** The element's command text: `command`, else its own text (not its children's, such as file scripts). */
export function commandText(element: Element): string {
  const attribute = element.getAttribute("command");
  if (attribute !== null) return attribute;
  return [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent ?? "").join("");
}

/** The commands to show and run; with `image`, each runs as `docker run --rm IMAGE …`. */
export function exampleCommands(text: string, image: string | null): string[] {
  const commands = splitCommands(text);
  if (!image) return commands;
  if (commands.length === 0) return [`docker run --rm ${image}`];
  return commands.map((command) => `docker run --rm ${image} ${command}`);
}

export function exampleFiles(element: Element): ExampleFile[] {
  return [...element.querySelectorAll(":scope > script[type='text/plain'][data-path]")].map((script) => ({
    path: script.getAttribute("data-path")!,
    text: `${dedent(script.textContent ?? "")}\n`,
  }));
}

// Shows an image pull's messages on the terminal the way Docker's client shows a jsonmessage
// stream on a TTY: each layer keeps one line, rewritten in place (cursor up, erase line, write,
// cursor back down) as its status changes; any other message is printed as a line of its own and
// starts a new block of layer lines.

import type { MessageSink } from "../api/engine-api.ts";
import type { JsonMessage } from "../api/types.ts";
import type { TextSink } from "./context.ts";
import { formatProgress } from "./progress-bar.ts";

const eraseLine = "\x1b[2K";
const cursorUp = (lines: number) => (lines > 0 ? `\x1b[${lines}A` : "");
const cursorDown = (lines: number) => (lines > 0 ? `\x1b[${lines}B` : "");

export class PullProgressDisplay implements MessageSink<JsonMessage> {
  /** The line of each layer id in the current block, counted from its first line. */
  #layerLines = new Map<string, number>();

  constructor(
    private readonly out: TextSink,
    private readonly terminal: { readonly columns: number },
  ) {}

  report(message: JsonMessage): void {
    const { id, status = "" } = message;
    if (id === undefined || !isLayerMessage(message)) {
      this.#layerLines.clear();
      this.out.write(`${id === undefined ? "" : `${id}: `}${status}\n`);
      return;
    }
    let output = "";
    let line = this.#layerLines.get(id);
    if (line === undefined) {
      line = this.#layerLines.size;
      this.#layerLines.set(id, line);
      output += "\n";
    }
    const distance = this.#layerLines.size - line;
    const progress = message.progressDetail
      ? formatProgress(message.progressDetail, this.terminal.columns)
      : (message.progress ?? "");
    output += `${cursorUp(distance)}${eraseLine}\r${id}: ${status} ${progress}\r${cursorDown(distance)}`;
    this.out.write(output);
  }
}

/**
 * Docker's daemon marks a layer's messages with progressDetail; the one other message that carries
 * an id is the "<tag>: Pulling from <repository>" heading, so that is told apart by its wording.
 */
function isLayerMessage(message: JsonMessage): boolean {
  if (message.progressDetail !== undefined || message.progress !== undefined) return true;
  return !(message.status ?? "").startsWith("Pulling from ");
}

// Shows the classic builder's stream as Docker's client does: `stream` text as it comes (step
// lines, a RUN's output, "Successfully built …"), and a base image's pull inside the build with the
// pull's own progress display, which starts a new block after any text.

import type { MessageSink } from "../api/engine-api.ts";
import type { BuildInfo } from "../api/types.ts";
import type { TextSink } from "./context.ts";
import { PullProgressDisplay } from "./pull-progress-display.ts";

export class BuildOutputDisplay implements MessageSink<BuildInfo> {
  #pull: PullProgressDisplay | undefined;
  /** Whether any message arrived: a failure after one is the build's, before it the request's. */
  started = false;

  constructor(
    private readonly out: TextSink,
    private readonly terminal: { readonly columns: number },
  ) {}

  report(message: BuildInfo): void {
    this.started = true;
    if (message.stream !== undefined) {
      this.#pull = undefined;
      this.out.write(message.stream);
    } else if (message.status !== undefined) {
      this.#pull ??= new PullProgressDisplay(this.out, this.terminal);
      this.#pull.report(message);
    }
  }
}

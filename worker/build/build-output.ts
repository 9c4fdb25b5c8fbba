// The build's stream as Docker's classic builder writes it: "Step 2/5 : ENV A=1", " ---> Using
// cache", " ---> 1a2b3c4d5e6f", a RUN's output, the aux message with each stage's image id, and
// "Successfully built …"/"Successfully tagged …". Quiet builds (-q) hold the text back and give only
// the image id, unless the build fails: then what was held is sent before the error.

import type { MessageSink } from "../../src/api/engine-api.ts";
import type { BuildInfo } from "../../src/api/types.ts";

/** The 12 hex digits Docker shows for an id. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, "").slice(0, 12);
}

export class BuildOutput {
  readonly #held: BuildInfo[] = [];
  readonly #decoders = new Map<number, TextDecoder>();

  constructor(
    private readonly sink: MessageSink<BuildInfo>,
    private readonly quiet: boolean,
  ) {}

  step(index: number, total: number, text: string): void {
    this.text(`Step ${index}/${total} : ${text}\n`);
  }

  /** " ---> <id>" after each step (empty for FROM scratch, as Docker prints it). */
  image(id: string | undefined): void {
    this.text(` ---> ${id ? shortId(id) : ""}\n`);
  }

  usingCache(): void {
    this.text(" ---> Using cache\n");
  }

  runningIn(containerId: string): void {
    this.text(` ---> Running in ${shortId(containerId)}\n`);
  }

  removedContainer(containerId: string): void {
    this.text(` ---> Removed intermediate container ${shortId(containerId)}\n`);
  }

  /** Output of a RUN, decoded as UTF-8 across chunk boundaries per stream. */
  output(stream: number, data: Uint8Array): void {
    let decoder = this.#decoders.get(stream);
    if (!decoder) this.#decoders.set(stream, (decoder = new TextDecoder()));
    const text = decoder.decode(data, { stream: true });
    if (text !== "") this.text(text);
  }

  /** Ends a RUN's output: a partial UTF-8 sequence left over is flushed. */
  endOutput(): void {
    for (const decoder of this.#decoders.values()) {
      const rest = decoder.decode();
      if (rest !== "") this.text(rest);
    }
    this.#decoders.clear();
  }

  text(text: string): void {
    this.#send({ stream: text });
  }

  /** Messages of another stream (a pull's progress), passed on as they are. */
  forward(message: BuildInfo): void {
    this.#send(message);
  }

  stageImage(id: string): void {
    this.sink.report({ aux: { ID: id } });
  }

  built(id: string, tags: string[]): void {
    if (this.quiet) {
      this.sink.report({ stream: `${id}\n` });
      return;
    }
    this.text(`Successfully built ${shortId(id)}\n`);
    for (const tag of tags) this.text(`Successfully tagged ${tag}\n`);
  }

  /** A failed build: a quiet one shows what it held back. */
  failed(): void {
    for (const message of this.#held.splice(0)) this.sink.report(message);
  }

  #send(message: BuildInfo): void {
    if (this.quiet) this.#held.push(message);
    else this.sink.report(message);
  }
}

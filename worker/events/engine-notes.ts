// The engine's lines for the user (a container's outbound connection refused, naming the host), to
// whoever follows them: the page prints each in its terminal (EngineNotes).

import type { MessageSink } from "../../src/api/engine-api.ts";
import type { EngineNote } from "../../src/api/types.ts";
import { EngineStream } from "../streams/stream-connection.ts";

export class EngineNotes {
  readonly #followers = new Set<(note: EngineNote) => void>();

  publish(message: string): void {
    for (const follower of this.#followers) follower({ message });
  }

  /** Streams every note from now on until the client hangs up. */
  follow(sink: MessageSink<EngineNote>): EngineStream {
    const stream = new EngineStream();
    const follower = (note: EngineNote): void => {
      try {
        stream.delivered(sink.report(note));
      } catch {
        void stream.close();
      }
    };
    this.#followers.add(follower);
    stream.onClose(() => this.#followers.delete(follower));
    return stream;
  }
}

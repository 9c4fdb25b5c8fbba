// Ctrl-C always stops a foreground container: the first sends SIGINT, and SIGKILL follows if the
// container is still running after a grace period or on the next Ctrl-C. Dispose once it exits.

export type StopSignal = "SIGINT" | "SIGKILL";

export class InterruptEscalation {
  readonly #send: (signal: StopSignal) => void;
  readonly #graceMilliseconds: number;
  #interrupted = false;
  #killTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(send: (signal: StopSignal) => void, graceMilliseconds = 1000) {
    this.#send = send;
    this.#graceMilliseconds = graceMilliseconds;
  }

  interrupt(): void {
    if (this.#interrupted) {
      this.#kill();
      return;
    }
    this.#interrupted = true;
    this.#send("SIGINT");
    this.#killTimer = setTimeout(() => this.#kill(), this.#graceMilliseconds);
  }

  dispose(): void {
    clearTimeout(this.#killTimer);
  }

  #kill(): void {
    clearTimeout(this.#killTimer);
    this.#send("SIGKILL");
  }
}

// While `docker run` is attached, connects the terminal to the container: keystrokes become stdin
// or signals (see run-input.ts), and with -t the container's TTY follows the terminal's size.

import type { StreamConnection } from "../api/engine-api.ts";
import type { CommandContext, Disposable } from "./context.ts";
import { InterruptEscalation } from "./interrupt-escalation.ts";
import { interpretInput, type InputMode } from "./run-input.ts";

export function connectTerminal(id: string, mode: InputMode, ctx: CommandContext, attached: StreamConnection): Disposable {
  const { engine, terminal } = ctx;
  const encoder = new TextEncoder();
  // Calls may fail once the container has exited; that is not worth reporting.
  const ignoreFailure = () => undefined;
  const escalation = new InterruptEscalation((signal) => {
    engine.containerKill({ id, signal }).catch(ignoreFailure);
  });

  // Stdin writes are chained so they reach the container in the order typed.
  let stdinQueue = Promise.resolve();
  let stdinOpen = mode.interactive;
  const enqueue = (call: () => Promise<void>) => {
    stdinQueue = stdinQueue.then(call).catch(ignoreFailure);
  };

  const subscriptions: Disposable[] = [
    terminal.onInput((data) => {
      for (const action of interpretInput(data, mode)) {
        if (action.kind === "interrupt") {
          escalation.interrupt();
        } else if (stdinOpen && action.kind === "stdin") {
          const bytes = encoder.encode(action.data);
          enqueue(() => attached.write(bytes));
        } else if (stdinOpen) {
          stdinOpen = false;
          enqueue(() => attached.closeWrite());
        }
      }
    }),
  ];

  if (mode.tty) {
    const resize = (columns: number, rows: number) => {
      engine.containerResize({ id, h: rows, w: columns }).catch(ignoreFailure);
    };
    resize(terminal.columns, terminal.rows);
    subscriptions.push(terminal.onResize(resize));
  }

  return {
    dispose() {
      escalation.dispose();
      for (const subscription of subscriptions) subscription.dispose();
    },
  };
}

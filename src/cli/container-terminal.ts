// Connects the terminal to an attached stream (a container's init or an exec process) while a
// verb holds the foreground: keystrokes become stdin, signals or the detach sequence (see
// run-input.ts and detach-keys), and with a TTY the process's terminal follows the window's size.

import { DetachKeyScanner, parseDetachKeys } from "../api/detach-keys.ts";
import type { StreamConnection } from "../api/engine-api.ts";
import type { CommandContext, Disposable } from "./context.ts";
import { InterruptEscalation, type StopSignal } from "./interrupt-escalation.ts";
import { interpretInput, type InputMode } from "./run-input.ts";

export interface TerminalConnection extends Disposable {
  /** Resolves when the user typed the detach sequence (the stream is closed then). */
  readonly detached: Promise<void>;
}

export interface TerminalOptions extends InputMode {
  detachKeys?: string;
  /** Resizes the process's TTY (rows, columns). */
  resize?(rows: number, columns: number): Promise<void>;
  /** Sends a signal to the process (Ctrl-C without a TTY); absent: Ctrl-C is not forwarded. */
  signal?(signal: StopSignal): Promise<void>;
}

export function connectTerminal(connection: StreamConnection, options: TerminalOptions, ctx: CommandContext): TerminalConnection {
  const { terminal } = ctx;
  const encoder = new TextEncoder();
  // Calls may fail once the process has exited; that is not worth reporting.
  const ignoreFailure = () => undefined;
  const escalation = new InterruptEscalation((signal) => void options.signal?.(signal).catch(ignoreFailure));
  const scanner = new DetachKeyScanner(parseDetachKeys(options.detachKeys));
  let markDetached!: () => void;
  const detached = new Promise<void>((resolve) => (markDetached = resolve));

  // Stdin writes are chained so they reach the process in the order typed.
  let stdinQueue = Promise.resolve();
  let stdinOpen = options.interactive;
  const enqueue = (call: () => Promise<void>) => {
    stdinQueue = stdinQueue.then(call).catch(ignoreFailure);
  };

  const subscriptions: Disposable[] = [
    terminal.onInput((data) => {
      const scanned = options.interactive && options.tty ? scanner.scan(encoder.encode(data)) : undefined;
      const typed = scanned ? new TextDecoder().decode(scanned.pass) : data;
      for (const action of interpretInput(typed, options)) {
        if (action.kind === "interrupt") {
          if (options.signal) escalation.interrupt();
        } else if (stdinOpen && action.kind === "stdin") {
          const bytes = encoder.encode(action.data);
          enqueue(() => connection.write(bytes));
        } else if (stdinOpen) {
          stdinOpen = false;
          enqueue(() => connection.closeWrite());
        }
      }
      if (scanned?.detach) {
        enqueue(() => connection.close());
        markDetached();
      }
    }),
  ];

  if (options.tty && options.resize) {
    const resize = (columns: number, rows: number) => void options.resize?.(rows, columns).catch(ignoreFailure);
    resize(terminal.columns, terminal.rows);
    subscriptions.push(terminal.onResize(resize));
  }

  return {
    detached,
    dispose() {
      escalation.dispose();
      for (const subscription of subscriptions) subscription.dispose();
    },
  };
}

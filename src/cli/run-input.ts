// What the keys typed during `docker run` mean. With -it they are raw bytes for the container's
// TTY, Ctrl-C included. Otherwise the user's terminal would be in cooked mode: Ctrl-C interrupts
// the container, and with -i Enter sends a newline and Ctrl-D ends the input; without -i the
// container reads nothing.

export type InputAction = { kind: "stdin"; data: string } | { kind: "close-stdin" } | { kind: "interrupt" };

export interface InputMode {
  interactive: boolean;
  tty: boolean;
}

export function interpretInput(data: string, mode: InputMode): InputAction[] {
  if (mode.interactive && mode.tty) return [{ kind: "stdin", data }];
  const actions: InputAction[] = [];
  let text = "";
  const flushText = () => {
    if (text) actions.push({ kind: "stdin", data: text });
    text = "";
  };
  for (const char of data) {
    if (char === "\x03") {
      flushText();
      actions.push({ kind: "interrupt" });
    } else if (mode.interactive && char === "\x04") {
      flushText();
      actions.push({ kind: "close-stdin" });
    } else if (mode.interactive) {
      text += char === "\r" ? "\n" : char;
    }
  }
  flushText();
  return actions;
}

import { describe, expect, it } from "vitest";
import { LineEditor } from "./line-editor.ts";

function submitted(editor: LineEditor, input: string): string[] {
  return editor
    .feed(input)
    .flatMap((event) => (event.kind === "submit" ? [event.line] : []));
}

describe("LineEditor", () => {
  it("submits typed text on Enter", () => {
    expect(submitted(new LineEditor(), "docker ps\r")).toEqual(["docker ps"]);
  });

  it("edits in the middle of the line", () => {
    const editor = new LineEditor();
    expect(submitted(editor, "dcker\x1b[D\x1b[D\x1b[D\x1b[Do\r")).toEqual(["docker"]);
    expect(submitted(editor, "abc\x7f\x7fx\r")).toEqual(["ax"]);
    expect(submitted(editor, "abc\x1b[H\x1b[3~\r")).toEqual(["bc"]);
  });

  it("recalls history with up and down and keeps the draft", () => {
    const editor = new LineEditor();
    submitted(editor, "first\r");
    submitted(editor, "second\r");
    editor.feed("draft");
    editor.feed("\x1b[A");
    expect(editor.line).toBe("second");
    editor.feed("\x1b[A\x1b[A");
    expect(editor.line).toBe("first");
    editor.feed("\x1b[B\x1b[B");
    expect(editor.line).toBe("draft");
  });

  it("does not store blank lines or immediate repeats in history", () => {
    const editor = new LineEditor();
    submitted(editor, "a\r\r   \ra\r");
    expect(editor.history).toEqual(["a"]);
  });

  it("cancels the line on Ctrl-C", () => {
    const editor = new LineEditor();
    const events = editor.feed("half\x03");
    expect(events.at(-1)).toEqual({ kind: "cancel" });
    expect(editor.line).toBe("");
  });

  it("accepts SS3 arrow keys and multi-byte characters", () => {
    const editor = new LineEditor();
    expect(submitted(editor, "né\x1bOD\x1bODa\r")).toEqual(["ané"]);
  });

  it("replaces the word before the cursor with a completion and keeps the rest of the line", () => {
    const editor = new LineEditor();
    editor.feed("docker st web\x1b[D\x1b[D\x1b[D\x1b[D");
    expect(editor.cursor).toBe(9);
    editor.replaceBeforeCursor(7, "stop ");
    expect(editor.line).toBe("docker stop  web");
    expect(editor.cursor).toBe(12);
    expect(editor.redraw()).toBe("docker stop  web\x1b[4D");
  });
});

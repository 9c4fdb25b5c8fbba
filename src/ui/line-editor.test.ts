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

  it("remembers a shared history as if it had been run, and recalls it with Up", () => {
    const editor = new LineEditor();
    submitted(editor, "typed\r");
    editor.remember(["first", "", "second", "second"]);
    expect(editor.history).toEqual(["typed", "first", "second"]);
    editor.feed("\x1b[A");
    expect(editor.line).toBe("second");
  });

  it("puts a command on the line to edit or submit, and keeps it as the draft while browsing history", () => {
    const editor = new LineEditor();
    editor.remember(["earlier"]);
    expect(editor.setLine("docker ps")).toEqual([{ kind: "echo", text: "\x1b[Kdocker ps" }]);
    editor.feed("\x1b[A");
    expect(editor.line).toBe("earlier");
    editor.feed("\x1b[B");
    expect(submitted(editor, " -a\r")).toEqual(["docker ps -a"]);
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

describe("LineEditor with commands of several lines", () => {
  const heredocOpen = (text: string) => /<<'?EOF'?/.test(text) && !/\nEOF$/.test(text);

  it("continues a heredoc after Enter and submits it whole at the delimiter line", () => {
    const editor = new LineEditor({ continues: heredocOpen });
    const events = editor.feed("cat > f <<'EOF'\rFROM busybox\r");
    expect(events.filter((event) => event.kind === "submit")).toEqual([]);
    expect(events.filter((event) => event.kind === "echo").map((event) => (event as { text: string }).text)).toContain("\r\n> ");
    expect(submitted(editor, "EOF\r")).toEqual(["cat > f <<'EOF'\nFROM busybox\nEOF"]);
    expect(editor.history).toEqual(["cat > f <<'EOF'\nFROM busybox\nEOF"]);
  });

  it("takes a pasted heredoc in one piece", () => {
    const editor = new LineEditor({ continues: heredocOpen });
    expect(submitted(editor, "cat <<EOF\rline one\rline two\rEOF\rls\r")).toEqual(["cat <<EOF\nline one\nline two\nEOF", "ls"]);
  });

  it("edits only the last line and cancels the whole command with Ctrl-C", () => {
    const editor = new LineEditor({ continues: heredocOpen });
    editor.feed("cat <<EOF\rab");
    editor.feed("\x7f\x7f\x7f\x7f\x1b[H\x1b[D");
    expect(editor.line).toBe("cat <<EOF\n");
    expect(editor.cursor).toBe(10);
    editor.feed("\x03");
    expect(editor.line).toBe("");
    expect(submitted(editor, "echo ok\r")).toEqual(["echo ok"]);
  });

  it("recalls a command of several lines, and erases it from its first line when moving on", () => {
    const editor = new LineEditor({ continues: heredocOpen });
    editor.promptWidth = 9;
    submitted(editor, "cat <<EOF\rx\rEOF\r");
    submitted(editor, "pwd\r");
    editor.feed("\x1b[A");
    const [recall] = editor.feed("\x1b[A");
    expect(recall).toEqual({ kind: "echo", text: "\x1b[3D\x1b[Kcat <<EOF\r\n> x\r\n> EOF" });
    const [forward] = editor.feed("\x1b[B");
    expect(forward).toEqual({ kind: "echo", text: "\r\x1b[2A\x1b[9C\x1b[Jpwd" });
    expect(submitted(editor, "\x1b[A\r")).toEqual(["cat <<EOF\nx\nEOF"]);
  });
});

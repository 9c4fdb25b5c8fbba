import { describe, expect, it } from "vitest";
import { ShellSyntaxError } from "../cli/shell-words.ts";
import { needsMoreInput, parseShellInput } from "./shell-input.ts";

const command = (text: string) => {
  const input = parseShellInput(text);
  if (input.kind !== "command") throw new Error(`incomplete: ${text}`);
  return input.command;
};

describe("parseShellInput", () => {
  it("separates words from redirections", () => {
    expect(command("echo hello world > greeting.txt")).toEqual({ words: ["echo", "hello", "world"], redirects: [{ operator: ">", target: "greeting.txt" }] });
    expect(command("docker load<image.tar")).toEqual({ words: ["docker", "load"], redirects: [{ operator: "<", target: "image.tar" }] });
    expect(command(">>log echo 'a > b'")).toEqual({ words: ["echo", "a > b"], redirects: [{ operator: ">>", target: "log" }] });
  });

  it("reads a quoted heredoc's body as it is", () => {
    const text = "cat > Dockerfile <<'EOF'\nFROM busybox\nRUN echo $HOME \\\n  && echo `date`\nEOF";
    expect(command(text)).toEqual({
      words: ["cat"],
      redirects: [
        { operator: ">", target: "Dockerfile" },
        { operator: "<<", body: "FROM busybox\nRUN echo $HOME \\\n  && echo `date`\n" },
      ],
    });
  });

  it("unescapes an unquoted heredoc's backslashes, and expands nothing", () => {
    expect(command("cat <<EOF\na \\$x $y \\\\ b\\\nc\nEOF\n").redirects).toEqual([{ operator: "<<", body: "a $x $y \\ bc\n" }]);
  });

  it("strips leading tabs with <<-", () => {
    expect(command("cat <<-END\n\tindented\n\t\tmore\n\tEND").redirects).toEqual([{ operator: "<<", body: "indented\nmore\n" }]);
  });

  it("takes an empty heredoc and a delimiter only as a whole line", () => {
    expect(command("cat <<EOF\nEOF").redirects).toEqual([{ operator: "<<", body: "" }]);
    expect(command("cat <<EOF\n EOF\nEOF ?\nEOF").redirects).toEqual([{ operator: "<<", body: " EOF\nEOF ?\n" }]);
  });

  it("is incomplete until the delimiter line, or while a quote is open", () => {
    expect(needsMoreInput("cat > f <<'EOF'")).toBe(true);
    expect(needsMoreInput("cat > f <<'EOF'\nline")).toBe(true);
    expect(needsMoreInput("cat > f <<'EOF'\nline\nEOF")).toBe(false);
    expect(needsMoreInput("echo 'open")).toBe(true);
    expect(needsMoreInput("echo 'open\nclosed'")).toBe(false);
    expect(needsMoreInput("docker ps")).toBe(false);
    expect(needsMoreInput("echo >")).toBe(false);
  });

  it("names the token a redirection is missing its target before", () => {
    expect(() => parseShellInput("echo >")).toThrow(ShellSyntaxError);
    expect(() => parseShellInput("echo >")).toThrow("syntax error near unexpected token `newline'");
    expect(() => parseShellInput("cat < > x")).toThrow("syntax error near unexpected token `>'");
  });
});

import { describe, expect, it } from "vitest";
import { readShellLine, ShellSyntaxError, splitShellWords } from "./shell-words.ts";

describe("splitShellWords", () => {
  it.each<[string, string[]]>([
    ["", []],
    ["   \t ", []],
    ["docker ps", ["docker", "ps"]],
    ["  docker   ps  -a ", ["docker", "ps", "-a"]],
    ["docker\tps", ["docker", "ps"]],
    ["sh -c 'exit 3'", ["sh", "-c", "exit 3"]],
    ["echo 'a \"b\" \\n'", ["echo", 'a "b" \\n']],
    ['echo "a b"', ["echo", "a b"]],
    ['echo "say \\"hi\\""', ["echo", 'say "hi"']],
    ['echo "back\\\\slash"', ["echo", "back\\slash"]],
    ['echo "\\$HOME"', ["echo", "$HOME"]],
    ['echo "$HOME"', ["echo", "$HOME"]],
    ['echo "\\`x\\`"', ["echo", "`x`"]],
    ['echo "\\n stays"', ["echo", "\\n stays"]],
    ["echo a\\ b", ["echo", "a b"]],
    ["echo \\'quoted\\'", ["echo", "'quoted'"]],
    ["echo \\$x", ["echo", "$x"]],
    ["echo trailing\\", ["echo", "trailing\\"]],
    ["echo a\\\nb", ["echo", "ab"]],
    ["echo a \\\n b", ["echo", "a", "b"]],
    ['echo "a\\\nb"', ["echo", "ab"]],
    ["echo 'it'\\''s'", ["echo", "it's"]],
    ["echo pre'mid'\"post\"", ["echo", "premidpost"]],
    ["echo '' x", ["echo", "", "x"]],
    ['echo ""', ["echo", ""]],
    ["echo ''\"\"", ["echo", ""]],
    ["-e A='1 2'", ["-e", "A=1 2"]],
    ["a|b; c", ["a|b;", "c"]],
    ["line\none", ["line", "one"]],
    ["echo a>b", ["echo", "a", ">", "b"]],
    ["cat <<-EOF >>log 2>x", ["cat", "<<-", "EOF", ">>", "log", "2", ">", "x"]],
    [`echo '>' \\< ">>"`, ["echo", ">", "<", ">>"]],
  ])("%j", (line, words) => {
    expect(splitShellWords(line)).toEqual(words);
  });

  it.each<[string, string]>([
    ["echo 'open", "unexpected EOF while looking for matching `''"],
    ['echo "open', "unexpected EOF while looking for matching `\"'"],
    ['echo "escaped quote \\"', "unexpected EOF while looking for matching `\"'"],
    ["echo \"it's", "unexpected EOF while looking for matching `\"'"],
  ])("rejects %j", (line, message) => {
    expect(() => splitShellWords(line)).toThrow(ShellSyntaxError);
    expect(() => splitShellWords(line)).toThrow(message);
  });
});

describe("readShellLine", () => {
  it("reads one line's tokens, marks quoted words and says where the next line starts", () => {
    const text = "cat > 'my file' <<'EOF'\nbody\nEOF\n";
    expect(readShellLine(text)).toEqual({
      tokens: [
        { kind: "word", text: "cat", quoted: false },
        { kind: "redirect", operator: ">" },
        { kind: "word", text: "my file", quoted: true },
        { kind: "redirect", operator: "<<" },
        { kind: "word", text: "EOF", quoted: true },
      ],
      next: text.indexOf("body"),
    });
    expect(readShellLine(text, text.indexOf("body")).tokens).toEqual([{ kind: "word", text: "body", quoted: false }]);
  });

  it("continues a line inside quotes and after a backslash", () => {
    expect(readShellLine("echo 'a\nb' c\\\nd\ne").tokens.map((token) => (token.kind === "word" ? token.text : token.operator))).toEqual(["echo", "a\nb", "cd"]);
  });
});

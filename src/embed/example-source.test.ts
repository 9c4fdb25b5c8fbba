import { describe, expect, it } from "vitest";
import { dedent, exampleCommands, splitCommands } from "./example-source.ts";

describe("example source", () => {
  it("takes the indentation of the page off an example's text", () => {
    expect(dedent("\n      FROM busybox\n        # note\n      CMD [\"sh\"]\n    ")).toBe('FROM busybox\n  # note\nCMD ["sh"]');
  });

  it("splits command lines, keeping a heredoc's body with its command and skipping blanks and comments", () => {
    const script = "\n  # make a file\n  cat > hello.txt <<'EOF'\n  hi\n  EOF\n\n  docker build -t hello .\n  docker run --rm hello\n";
    expect(splitCommands(script)).toEqual(["cat > hello.txt <<'EOF'\nhi\nEOF", "docker build -t hello .", "docker run --rm hello"]);
  });

  it("runs an image's example as docker run --rm IMAGE with the command's words", () => {
    expect(exampleCommands("echo hi", "busybox")).toEqual(["docker run --rm busybox echo hi"]);
    expect(exampleCommands("", "busybox")).toEqual(["docker run --rm busybox"]);
    expect(exampleCommands("docker ps", null)).toEqual(["docker ps"]);
  });
});

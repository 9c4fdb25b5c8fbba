import { describe, expect, it } from "vitest";
import { commandFinished } from "../e2e/terminal-driver.ts";

const line = "docker run --name big busybox sh -c 'dd if=/dev/urandom of=/d bs=1M count=300'";

describe("commandFinished (the end-to-end tests' terminal driver)", () => {
  it("finds a command line on one row, followed by its output and the prompt", () => {
    expect(commandFinished(`berth:~$ ${line}\n300+0 records out\nberth:~$`, line)).toBe(true);
    expect(commandFinished(`berth:~$ ${line}\n300+0 records out`, line)).toBe(false);
  });

  it("finds a line wrapped at a space, whether the space ends the row (trimmed) or starts the next", () => {
    const [head, tail] = [line.slice(0, line.indexOf(" count")), line.slice(line.indexOf(" count") + 1)];
    expect(commandFinished(`berth:~$ ${head}\n${tail}\nok\nberth:~$`, line)).toBe(true);
    expect(commandFinished(`berth:~$ ${head}\n ${tail}\nok\nberth:~$`, line)).toBe(true);
  });

  it("finds a line wrapped inside a word, and not a different line", () => {
    const cut = line.indexOf("urandom") + 3;
    expect(commandFinished(`berth:~$ ${line.slice(0, cut)}\n${line.slice(cut)}\nberth:~$`, line)).toBe(true);
    expect(commandFinished(`berth:~$ ${line.replace("300", "301")}\nberth:~$`, line)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { commandFailureExitCode } from "../../src/api/start-failure.ts";
import { runcWording } from "./runtime-errors.ts";

describe("crun's errors in runc's words", () => {
  it("says a missing command the way Docker's CLI recognises", () => {
    expect(runcWording("executable file `nosuch` not found in $PATH: No such file or directory")).toBe('exec: "nosuch": executable file not found in $PATH');
    expect(runcWording("executable file `/bin/nosuch` not found in $PATH: No such file or directory")).toBe('exec: "/bin/nosuch": stat /bin/nosuch: no such file or directory');
    expect(runcWording("open `/etc`: Is a directory")).toBe("open `/etc`: is a directory");
    expect(runcWording("exec: Permission denied")).toBe("exec: permission denied");
  });

  it("keeps the exit codes the page's CLI derives from them", () => {
    expect(commandFailureExitCode(runcWording("executable file `x` not found in $PATH: No such file or directory"))).toBe(127);
    expect(commandFailureExitCode(runcWording("exec: Permission denied"))).toBe(126);
  });
});

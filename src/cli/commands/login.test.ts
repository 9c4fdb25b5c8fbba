import { describe, expect, it } from "vitest";
import type { EngineApi } from "../../api/engine-api.ts";
import { EngineError } from "../../api/errors.ts";
import type { AuthConfig } from "../../api/types.ts";
import { runLine } from "../testing/fake-command-context.ts";

function engine(logins: AuthConfig[], refuse = false): Partial<EngineApi> {
  return {
    async registryLogin({ body }) {
      logins.push(body);
      if (refuse) throw new EngineError("unauthorized", 'Get "http://127.0.0.1:5000/v2/": unauthorized: authentication required');
      return { Status: "Login Succeeded", IdentityToken: "" };
    },
    async registryLogout({ body }) {
      return { ServerAddress: body.serveraddress ?? "docker.io", Removed: body.serveraddress === "127.0.0.1:5000" };
    },
  };
}

describe("docker login", () => {
  it("echoes the username, never the password, and leaves the login to the engine", async () => {
    const logins: AuthConfig[] = [];
    const result = await runLine("docker login 127.0.0.1:5000", engine(logins), { input: "ada\rs3cr\x7fret\r" });
    expect(result).toEqual({ code: 0, stdout: "Username: ada\nPassword: \nLogin Succeeded\n", stderr: "" });
    expect(logins).toEqual([{ username: "ada", password: "s3cret", serveraddress: "127.0.0.1:5000" }]);
  });

  it("reads the password unechoed from the input with --password-stdin, and needs -u for it", async () => {
    const logins: AuthConfig[] = [];
    const result = await runLine("docker login -u ada --password-stdin 127.0.0.1:5000", engine(logins), { input: "s3cret\r" });
    expect(result.stdout).not.toContain("s3cret");
    expect(logins).toEqual([{ username: "ada", password: "s3cret", serveraddress: "127.0.0.1:5000" }]);
    expect(await runLine("docker login --password-stdin", engine([]))).toEqual({ code: 1, stdout: "", stderr: "Must provide --username with --password-stdin\n" });
  });

  it("warns about -p and prints the daemon's refusal", async () => {
    const result = await runLine("docker login -u ada -p wrong 127.0.0.1:5000", engine([], true));
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n" +
        'Error response from daemon: Get "http://127.0.0.1:5000/v2/": unauthorized: authentication required\n',
    });
  });

  it("logs out in Docker's words", async () => {
    expect((await runLine("docker logout 127.0.0.1:5000", engine([]))).stdout).toBe("Removing login credentials for 127.0.0.1:5000\n");
    expect((await runLine("docker logout 127.0.0.1:6000", engine([]))).stdout).toBe("Not logged in to 127.0.0.1:6000\n");
  });
});

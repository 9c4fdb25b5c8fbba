import { describe, expect, it } from "vitest";
import { engineErrorCodeForStatus, EngineError } from "./errors.ts";
import { closeCodeForStatus, statusOfCloseCode } from "./stdio-socket.ts";

describe("stdio socket close codes", () => {
  it("carry an HTTP status as 4000 + status, and back", () => {
    expect(closeCodeForStatus(404)).toBe(4404);
    expect(statusOfCloseCode(4409)).toBe(409);
    expect(closeCodeForStatus(42)).toBe(4500);
  });

  it("leave ordinary closes without a status", () => {
    expect(statusOfCloseCode(1000)).toBeUndefined();
    expect(statusOfCloseCode(1006)).toBeUndefined();
  });
});

describe("engine error codes from HTTP statuses", () => {
  it("inverts each code's status, and falls back to invalid (4xx) or system (5xx)", () => {
    for (const code of ["invalid", "not-found", "conflict", "unauthorized", "forbidden", "unavailable", "not-implemented", "system"] as const) {
      expect(engineErrorCodeForStatus(new EngineError(code, "").httpStatus)).toBe(code);
    }
    expect(engineErrorCodeForStatus(413)).toBe("invalid");
    expect(engineErrorCodeForStatus(502)).toBe("system");
  });
});

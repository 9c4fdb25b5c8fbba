// Engine errors in the style of Docker's errdefs. The code survives the trip over comlink.

export type EngineErrorCode =
  | "invalid"
  | "not-found"
  | "conflict"
  | "unauthorized"
  | "forbidden"
  | "unavailable"
  | "not-implemented"
  | "system";

const httpStatusByCode: Record<EngineErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  system: 500,
  "not-implemented": 501,
  unavailable: 503,
};

/** The code of an error answered with HTTP `status`: the inverse of `httpStatus`, other 4xx invalid and 5xx system. */
export function engineErrorCodeForStatus(status: number): EngineErrorCode {
  const known = (Object.keys(httpStatusByCode) as EngineErrorCode[]).find((code) => httpStatusByCode[code] === status);
  return known ?? (status >= 500 ? "system" : "invalid");
}

export class EngineError extends Error {
  override readonly name = "EngineError";
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** The exit status the failure stands for (a build's RUN step), sent as Docker's `errorDetail.code`. */
    readonly exitStatus?: number,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return httpStatusByCode[this.code];
  }
}

export interface SerializedEngineError {
  code: EngineErrorCode;
  message: string;
}

export function isEngineError(value: unknown): value is EngineError {
  return value instanceof Error && value.name === "EngineError" && "code" in value;
}

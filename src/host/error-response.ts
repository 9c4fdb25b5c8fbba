// Errors as Docker's daemon sends them: `{"message": …}` with the status of the error's code (404 no
// such object, 409 conflict, 400 bad parameter, …); anything unexpected is a 500.

import { isEngineError } from "../api/errors.ts";

export function errorStatus(error: unknown): number {
  return isEngineError(error) ? error.httpStatus : 500;
}

export function errorBody(error: unknown): { message: string } {
  return { message: error instanceof Error ? error.message : String(error) };
}
